"""Which model each task gets: settings first, then the machine (memory, device, what is installed)."""

from __future__ import annotations

import time
import warnings

import pytest

from spark_nb.engine import choice
from spark_nb.engine.choice import GB, LARGE, SMALL, Machine, choose, default_choice
from spark_nb.engine.settings import TASKS, EngineSettings

CPU = Machine(total_bytes=24 * GB, available_bytes=20 * GB, cores=2)
SMALL_CPU = Machine(total_bytes=4 * GB, available_bytes=int(2.5 * GB), cores=2)
QUALITY = ("code", "fix", "chart", "report")


def present(*names):
    return lambda name: name in names


@pytest.mark.parametrize("task", QUALITY)
def test_code_fixes_charts_and_reports_use_the_larger_coder_on_a_cpu(task):
    c = default_choice(task, CPU, present=present(SMALL, LARGE))
    assert (c.model, c.source, c.fallback) == (LARGE, "default", None)
    assert "20.0 GB free" in c.reason


@pytest.mark.parametrize("task", ["summary", "complete"])
def test_latency_critical_tasks_use_the_small_coder(task):
    c = default_choice(task, CPU, present=present(SMALL, LARGE))
    assert c.model == SMALL and "latency" in c.reason


def test_too_little_free_memory_falls_back_to_the_small_model_and_says_why():
    c = default_choice("code", SMALL_CPU, present=present(SMALL, LARGE))
    assert c.model == SMALL
    assert "2.5 GB" in c.fallback and "about 4 GB" in c.fallback and LARGE in c.fallback
    # the latency tasks were the small model anyway: nothing to say
    assert default_choice("summary", SMALL_CPU, present=present(SMALL, LARGE)).fallback is None


def test_a_loaded_larger_model_is_kept_though_its_memory_no_longer_shows_as_free():
    c = default_choice("fix", SMALL_CPU, present=present(SMALL, LARGE), loaded={LARGE})
    assert c.model == LARGE and c.fallback is None


def test_without_the_larger_pack_the_small_one_is_used_with_the_install_command():
    c = default_choice("code", CPU, present=present(SMALL))
    assert c.model == SMALL and 'pip install "spark-nb[models]"' in c.fallback


def test_with_no_pack_at_all_the_larger_is_named_so_the_error_says_what_to_install():
    assert default_choice("code", CPU, present=present()).model == LARGE


def test_a_mac_with_enough_memory_uses_the_moe_coder_when_it_is_downloaded():
    mac = Machine(total_bytes=64 * GB, available_bytes=40 * GB, cores=12, device="metal")
    everything = present("qwen3-coder-30b-a3b", "qwen2.5-coder-7b", LARGE, SMALL)
    c = default_choice("code", mac, present=everything)
    assert c.model == "qwen3-coder-30b-a3b" and "64 GB" in c.reason
    assert default_choice("summary", mac, present=everything).model == SMALL


def test_a_16_gb_mac_skips_the_moe_that_does_not_fit_and_takes_the_7b():
    mac = Machine(total_bytes=16 * GB, available_bytes=9 * GB, cores=8, device="metal")
    c = default_choice("code", mac, present=present("qwen3-coder-30b-a3b", "qwen2.5-coder-7b", LARGE))
    assert c.model == "qwen2.5-coder-7b"


def test_a_mac_without_mlx_models_uses_the_pack_and_recommends_the_best_that_fits():
    mac = Machine(total_bytes=36 * GB, available_bytes=20 * GB, cores=10, device="metal")
    c = default_choice("report", mac, present=present(LARGE, SMALL))
    assert c.model == LARGE and c.recommended == "qwen3-coder-30b-a3b"
    small_mac = Machine(total_bytes=8 * GB, available_bytes=5 * GB, cores=8, device="metal")
    assert default_choice("code", small_mac, present=present(LARGE, SMALL)).recommended == "qwen2.5-coder-3b"


def test_an_nvidia_gpu_is_judged_by_its_own_memory():
    gpu = Machine(total_bytes=32 * GB, available_bytes=28 * GB, cores=16, device="cuda",
                  accelerator_bytes=80 * GB)
    c = default_choice("code", gpu, present=present("qwen3-coder-30b-a3b", LARGE))
    assert c.model == "qwen3-coder-30b-a3b" and "80 GB" in c.reason
    assert "80.0 GB GPU memory" in gpu.describe() and "CUDA" in gpu.describe()


def test_settings_win_over_the_machine_in_order_argument_task_then_all():
    kw = dict(models={"code": "smollm2-135m"}, everything="qwen2.5-coder-0.5b", machine=CPU)
    assert choose("code", model="x.gguf", **kw).source == "argument"
    c = choose("code", **kw)
    assert (c.model, c.source) == ("smollm2-135m", "models.code")
    c = choose("fix", **kw)
    assert (c.model, c.source) == ("qwen2.5-coder-0.5b", "model")
    assert choose("fix", models={"fix": "  "}, machine=CPU).source == "default"  # blank: unset


def test_an_unknown_task_is_refused_with_the_list():
    with pytest.raises(ValueError, match="unknown task 'plot'.*code, fix, chart, report, summary, complete"):
        choose("plot", machine=CPU)


def test_every_task_has_a_choice_and_the_table_says_why(monkeypatch):
    monkeypatch.setattr(choice, "_present", present(SMALL, LARGE))
    made = choice.choices(machine=SMALL_CPU)
    assert [c.task for c in made] == list(TASKS)
    text = choice.describe(made, SMALL_CPU)
    assert "2 cores" in text and "2.5 GB free" in text
    assert text.count("note: only 2.5 GB of memory is free") == 1  # one note for four tasks


def test_a_fallback_is_said_once_per_process(monkeypatch):
    monkeypatch.setattr(choice, "_said", set())
    c = default_choice("code", SMALL_CPU, present=present(SMALL, LARGE))
    with pytest.warns(choice.ModelFallbackWarning, match="only 2.5 GB"):
        choice.announce(c)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        choice.announce(c)  # the second time: silent
        choice.announce(default_choice("code", CPU, present=present(SMALL, LARGE)))  # no fallback


def test_per_task_environment_variables(monkeypatch):
    monkeypatch.setenv("SPARK_NB_MODEL_SUMMARY", "smollm2-135m")
    monkeypatch.setenv("SPARK_NB_MODEL", "qwen2.5-coder-0.5b")
    s = EngineSettings()
    assert s.models == {"summary": "smollm2-135m"} and s.model == "qwen2.5-coder-0.5b"
    assert choose("summary", models=s.models, everything=s.model, machine=CPU).model == "smollm2-135m"
    assert choose("code", models=s.models, everything=s.model, machine=CPU).model == "qwen2.5-coder-0.5b"
    # which model a task chose is not what makes two engines different
    assert s.load_key() == EngineSettings(model="", models={}).load_key()
    assert s.load_key() != EngineSettings(n_ctx=1024).load_key()


def test_the_machine_is_measured():
    m = Machine.detect()
    assert m.total_bytes > m.available_bytes > 0 and m.cores >= 1
    assert m.device in ("cpu", "metal", "cuda")


@pytest.mark.slow
def test_get_engine_loads_the_model_chosen_for_the_task(monkeypatch, smollm2_path):
    from spark_nb.engine import get_engine

    monkeypatch.setenv("SPARK_NB_MODEL_SUMMARY", "smollm2-135m")
    engine = get_engine(task="summary", n_ctx=1024)
    assert engine.resolved.name == "smollm2-135m"
    assert get_engine("smollm2-135m", task="code", n_ctx=1024) is engine  # one model, one engine
    engine.close()


class _Owner:
    loads = 0
    closed = 0

    def __init__(self):
        type(self).loads += 1

    def close(self):
        type(self).closed += 1


def _job(owner, stream):
    from spark_nb.engine.types import Completion

    return Completion(text="ok", finish_reason="stop")


def test_an_idle_model_is_freed_and_loaded_again_by_the_next_request():
    from spark_nb.engine.stream import Stream
    from spark_nb.engine.worker import Worker

    _Owner.loads = _Owner.closed = 0
    w = Worker(_Owner)
    assert w.submit(_job, Stream()).wait(5).text == "ok"
    w.unload()
    _until(lambda: w.unloaded)
    assert (_Owner.loads, _Owner.closed) == (1, 1)
    assert w.submit(_job, Stream()).wait(5).text == "ok"  # loaded again, on its own thread
    assert (_Owner.loads, w.unloaded) == (2, False)
    w.stop()
    assert _Owner.closed == 2


def test_a_model_with_work_queued_is_not_freed():
    import threading

    from spark_nb.engine.stream import Stream
    from spark_nb.engine.worker import Worker

    _Owner.loads = _Owner.closed = 0
    gate = threading.Event()
    w = Worker(_Owner)
    slow = w.submit(lambda owner, s: (gate.wait(5), _job(owner, s))[1], Stream())
    assert w.idle_for() == 0.0  # busy
    w.unload()  # reached while the next request waits: the model stays
    queued = w.submit(_job, Stream())
    gate.set()
    assert slow.wait(5).text == "ok" and queued.wait(5).text == "ok"
    time.sleep(0.2)
    assert not w.unloaded and (_Owner.loads, _Owner.closed) == (1, 0)
    w.stop()


@pytest.mark.slow
def test_engines_idle_past_their_setting_are_freed_and_come_back(smollm2_path):
    from spark_nb.engine.engine import get_engine, reap_idle

    # a context size no other test uses: a fresh engine, with this test's setting
    engine = get_engine("smollm2-135m", n_ctx=640, settings=EngineSettings(idle_unload=0.1))
    assert engine.settings.idle_unload == 0.1
    engine.complete("Hi", max_tokens=2)
    time.sleep(0.3)
    assert engine in reap_idle()
    _until(lambda: not engine.loaded)
    assert engine not in [e for e in reap_idle()]  # freed once, not again
    assert engine.complete("Hi", max_tokens=2).finish_reason in ("stop", "length")
    assert engine.loaded and engine.info.model
    engine.close()


@pytest.mark.slow
def test_loading_a_second_model_short_of_memory_frees_the_idle_one(monkeypatch, smollm2_path):
    from spark_nb.engine import engine as engine_module

    # context sizes no other test uses: fresh engines, not ones another test left loaded
    first = engine_module.get_engine("smollm2-135m", n_ctx=704)
    first.complete("Hi", max_tokens=2)
    monkeypatch.setattr(engine_module.Machine, "detect",
                        classmethod(lambda cls: Machine(total_bytes=2 * GB, available_bytes=GB // 2, cores=2)))
    second = engine_module.get_engine("qwen2.5-coder-0.5b", n_ctx=704)
    _until(lambda: not first.loaded)
    assert second.loaded
    second.close()
    first.close()


def _until(condition, timeout=10.0):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_a_server_backend_without_a_model_name_says_to_name_one(monkeypatch):
    from spark_nb.engine import get_engine
    from spark_nb.errors import UnknownModelError

    monkeypatch.delenv("SPARK_NB_MODEL", raising=False)
    with pytest.raises(UnknownModelError, match="name the server's model"):
        get_engine(backend="openai", settings=EngineSettings(model="", models={}))
