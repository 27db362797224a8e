"""Try an equation with numbers (notation/tryit.py and ``paperpal explain --try``)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from paperpal.errors import BadValue
from paperpal.models import Equation, EquationInfo
from paperpal.notation.tryit import try_equation


def trial(latex: str, **values: str):  # type: ignore[no-untyped-def]
    return try_equation(EquationInfo(Equation("eq-1", latex), ""), (), values)


def test_gru_blend_reproduces_the_glossary_example() -> None:
    t = trial(
        r"h_t = (1 - z_t) h_{t-1} + z_t \tilde{h}_t", z_t="0.75", **{"h_{t-1}": "0.2", r"\tilde{h}_t": "0.8"}
    )
    assert t.evaluable and t.result == "0.65"
    assert t.steps == ("(1 − 0.75)·0.2 + 0.75·0.8", "= 0.05 + 0.6", "= 0.65")
    assert {v.source for v in t.values} == {"reader"}


def test_defaults_follow_what_a_symbol_is() -> None:
    t = trial(r"h_t = (1 - z_t) h_{t-1} + z_t \tilde{h}_t")
    gate = next(v for v in t.values if v.symbol == "z_{t}")
    assert (gate.value, gate.why) == ("0.8", "a gate, between 0 and 1")


def test_softmax_over_a_short_vector_and_a_sum_over_a_small_range() -> None:
    t = trial(r"y = \mathrm{softmax}(x)", x="1,2,0.5")
    assert t.result == "[0.2312, 0.6285, 0.1402]"
    s = trial(r"\alpha_{ij} = \frac{\exp(e_{ij})}{\sum_{k=1}^{T_x} \exp(e_{ik})}")
    assert s.evaluable and any(step.startswith("∑ over k = 1…3") for step in s.steps), s.steps
    sigmoid = trial(r"z = \sigma(a)", a="0")
    assert sigmoid.result == "0.5"


def test_what_cannot_be_evaluated_says_why() -> None:
    t = trial(r"\mathcal{L} = \mathbb{E}_{x \sim p}[f(x)]")
    assert not t.evaluable and t.reason is not None and "expectation" in t.reason


def test_bad_values_get_a_clear_message() -> None:
    with pytest.raises(BadValue, match="is not a number for z_t"):
        trial(r"h = z_t x", z_t="abc")
    with pytest.raises(BadValue, match="no symbol 'q'"):
        trial(r"h = z_t x", q="1")


def test_cli_try_json_and_errors(corpus: Path, home: Path) -> None:
    paper = str(corpus / "1412.3555")
    cmd = [sys.executable, "-m", "paperpal", "explain", paper, "--equation", "5", "--try", "--json",
           "--value", "z_t^j=0.75", "--value", "h_{t-1}^j=0.2", "--value", r"\tilde{h}_t^j=0.8"]  # fmt: skip
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["evaluable"] is True and data["result"] == "0.65"
    bad = subprocess.run(cmd[:-6] + ["--value", "z_t^j=oops"], capture_output=True, text=True, check=False)
    assert bad.returncode == 2 and "'oops' is not a number" in bad.stderr


def test_bias_correction_raises_the_rate_to_the_power_of_the_step() -> None:
    t = trial(r"\hat{m}_t = \frac{m_t}{1 - \beta_1^t}", m_t="0.1")
    assert t.evaluable and t.result == "0.5263", t.steps  # 0.1 / (1 - 0.9^2)
    defaults = {v.symbol: (v.value, v.why) for v in t.values if v.source == "default"}
    assert defaults == {"t": ("2", "the time step"), r"\beta_{1}": ("0.9", "a decay rate, just below 1")}


def test_cases_take_the_one_that_holds_and_max_takes_the_larger() -> None:
    first = trial(
        r"c_t = \begin{cases} 0, & \text{if } t = 0 \\ c_{t-1} + 1, & \text{otherwise} \end{cases}", t="0"
    )
    assert first.result == "0" and first.steps[0].startswith("0 if 0 = 0;"), first.steps
    later = trial(
        r"c_t = \begin{cases} 0, & \text{if } t = 0 \\ c_{t-1} + 1, & \text{otherwise} \end{cases}",
        t="3",
        **{"c_{t-1}": "2"},
    )
    assert later.result == "3"
    biggest = trial(r"u_t = \max(\beta_2 u_{t-1}, |g_t|)", **{r"\beta_2": "0.9", "u_{t-1}": "1", "g_t": "-2"})
    assert biggest.result == "2"


def test_a_derivative_cannot_be_tried_with_a_few_numbers() -> None:
    t = trial(r"g = \frac{\partial L}{\partial w}")
    assert not t.evaluable and t.reason is not None and "derivative" in t.reason
