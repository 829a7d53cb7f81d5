"""`mou check AGREEMENT`: elements found with evidence, the profiles' requirements on the text,
and the precision/recall targets on the real agreements and the project's own."""

from __future__ import annotations

import importlib.util
import json
import sys
import time
from pathlib import Path
from types import ModuleType

import pytest
from click.testing import CliRunner

from foreign_support import CORPUS, FOREIGN
from mou_builder.cli import mou
from mou_builder.sources.foreign.pipeline import analyse
from mou_builder.workflows.foreign import check_foreign

from conftest import ROOT, requires_soffice


def eval_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "eval_import", ROOT / "benchmarks" / "eval_import.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["eval_import"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def run(*args: str) -> object:
    return CliRunner().invoke(mou, list(args))


# --------------------------------------------------------------------------- targets


@pytest.mark.skipif(not (CORPUS / "labels.yaml").is_file(), reason="shared corpus not present")
def test_real_agreements_meet_the_precision_and_recall_targets() -> None:
    module = eval_module()
    per, total = module.evaluate(CORPUS)
    table = "\n".join(module.table(per, total))
    assert total.tp + total.fn >= 20, table
    assert total.recall >= 0.9, table
    assert total.precision >= 0.9, table


def test_own_agreements_meet_the_precision_and_recall_targets() -> None:
    module = eval_module()
    per, total = module.evaluate(FOREIGN)
    table = "\n".join(module.table(per, total))
    assert total.recall >= 0.9, table
    assert total.precision >= 0.9, table


def test_training_subjects_are_not_the_elements_they_name() -> None:
    analysis = analyse(FOREIGN / "article-whereas.txt")
    training = next(c for c in analysis.classified if c.section.number == "III")
    assert training.elements == ["training"]  # arrest, use of force only as subjects taught


def test_each_decision_shows_its_words_and_a_confidence() -> None:
    analysis = analyse(FOREIGN / "police-contract.txt")
    supervision = next(c for c in analysis.classified if c.section.number == "4")
    hit = next(h for h in supervision.hits if h.element == "supervision")
    assert hit.certain and hit.confidence > 0.9
    assert "chain of command" in hit.evidence


# --------------------------------------------------------------------------- the command


def test_check_text_output_lists_findings_sections_and_matrix() -> None:
    result = run("check", str(FOREIGN / "allcaps-headings.txt"), "--profile", "national-2020")
    assert result.exit_code == 1, result.output
    out = result.output
    # a missing required element, with its citation
    assert "no clause covers 'training'" in out
    assert "[Joint SRO recommendations (2020), selection and training]" in out
    # sections and the matrix with evidence and confidence
    assert "ACCESS TO STUDENT RECORDS" in out
    assert "records_access" in out and "education records" in out
    assert "MISSING" in out
    assert "FAILED" in out.splitlines()[-2] or "FAILED" in out


def test_check_json_follows_the_contract_plus_sections() -> None:
    result = run(
        "check",
        str(FOREIGN / "article-whereas.txt"),
        "--profile",
        "national-2020",
        "--format",
        "json",
    )
    assert result.exit_code == 1
    payload = json.loads(result.output[: result.output.rindex("}") + 1])
    assert {"ok", "spec", "profiles", "findings", "coverage", "sections"} <= set(payload)
    assert payload["ok"] is False and payload["profiles"] == ["national-2020"]
    first = payload["sections"][1]
    assert first["number"] == "I" and first["heading"] == "PURPOSE"
    purpose = first["elements"][0]
    assert purpose["element"] == "purpose" and purpose["confidence"] > 0.9
    assert purpose["evidence"]
    assert payload["coverage"]["training"] == ["section-4"]
    missing = [f for f in payload["findings"] if f["rule"] == "required-element"]
    assert missing and all(f["citation"] for f in missing)


def test_a_text_requirement_runs_on_the_section_text(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(
        "AGREEMENT\n\nThis agreement is between the Oak School District and the Oak Police "
        "Department.\n\nTRAINING\n\nEach school resource officer shall complete forty hours of "
        "training on de-escalation, trauma, implicit bias and students with disabilities.\n",
        encoding="utf-8",
    )
    checked = check_foreign(path, profile_ids=["national-2020"])
    texts = [f for f in checked.result.findings if f.rule == "required-text"]
    assert not any(f.element == "training" for f in texts)
    # without the subjects, the same requirement is reported
    path.write_text(path.read_text().replace("de-escalation, trauma, implicit bias and ", ""))
    checked = check_foreign(path, profile_ids=["national-2020"])
    assert any(
        f.element == "training" and f.rule == "required-text" for f in checked.result.findings
    )


def test_low_confidence_is_a_warning_never_a_silent_pass(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(
        "SCHOOL RESOURCE OFFICER AGREEMENT\n\nThe Pine School District and the Pine Police "
        "Department agree as set out below.\n\nOFFICER DUTIES\n\nThe duties of the officer "
        "shall include patrol of the school grounds. The officer's sergeant will supervise "
        "the work.\n",
        encoding="utf-8",
    )
    checked = check_foreign(path, profile_ids=["ca-bp-3515-31"])  # requires supervision
    uncertain = [f for f in checked.result.findings if f.rule == "uncertain-element"]
    assert any(f.element == "supervision" for f in uncertain), checked.result.findings
    message = next(f.message for f in uncertain if f.element == "supervision")
    assert "may cover supervision: check it" in message
    assert all(f.severity == "warning" for f in uncertain)
    # it passes the element requirement, but only with that warning
    missing = [f for f in checked.result.findings if f.rule == "required-element"]
    assert not any(f.element == "supervision" for f in missing)


def test_an_agreement_mostly_unplaced_says_so(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    body = "\n\n".join(
        f"{n}. Item {n}. The officer and the school will talk about item {n} when needed."
        for n in range(1, 7)
    )
    path.write_text(body + "\n", encoding="utf-8")
    checked = check_foreign(path)
    assert any(f.rule == "unplaced-sections" for f in checked.result.findings)


def test_bad_input_is_one_line_and_exit_two(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("Grocery list\n\nApples, bread and milk.\n", encoding="utf-8")
    result = run("check", str(path))
    assert result.exit_code == 2
    assert result.output.strip().count("\n") == 0
    assert "not an SRO agreement" in result.output


def test_a_spec_is_still_checked_as_before() -> None:
    result = run("check", str(ROOT / "examples" / "oakview-ca.mou.yaml"), "--matrix")
    assert result.exit_code == 0, result.output
    assert "recitals" in result.output


def test_a_thirty_page_agreement_checks_in_under_a_second(tmp_path: Path) -> None:
    parts = [p.read_text(encoding="utf-8") for p in sorted(FOREIGN.glob("*.txt"))]
    chunks: list[str] = []
    while sum(len(c.split()) for c in chunks) < 15_000:  # thirty pages of 500 words
        chunks.append(parts[len(chunks) % len(parts)])
    text = "\n\n".join(chunks)
    path = tmp_path / "long.txt"
    path.write_text(text, encoding="utf-8")
    best = float("inf")
    for _ in range(3):  # processor time, best of three: the machine's cores are shared
        start = time.process_time()
        check_foreign(path, profile_ids=["national-2020"])
        best = min(best, time.process_time() - start)
    assert best < 1.0, best


def test_a_built_agreement_read_back_covers_what_its_spec_covers(tmp_path: Path) -> None:
    spec = ROOT / "examples" / "oakview-ca.mou.yaml"
    built = CliRunner().invoke(mou, ["build", str(spec), "-o", str(tmp_path)])
    assert built.exit_code == 0, built.output
    docx = next(tmp_path.glob("*.docx"))
    checked = check_foreign(docx, profile_ids=["ca-bp-3515-31"])
    assert not checked.result.errors, [f.message for f in checked.result.errors]
    from mou_builder.assembly.assembler import assemble_file

    wanted = {e for s in assemble_file(spec).sections for e in s.elements}
    found = checked.analysis.elements()
    assert len(wanted & found) / len(wanted) >= 0.95, sorted(wanted - found)


@requires_soffice
@pytest.mark.soffice
def test_a_built_agreement_read_back_from_pdf(tmp_path: Path) -> None:
    import subprocess

    spec = ROOT / "examples" / "oakview-ca.mou.yaml"
    built = CliRunner().invoke(mou, ["build", str(spec), "-o", str(tmp_path)])
    assert built.exit_code == 0, built.output
    docx = next(tmp_path.glob("*.docx"))
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(docx)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    checked = check_foreign(docx.with_suffix(".pdf"), profile_ids=["ca-bp-3515-31"])
    assert not checked.result.errors, [f.message for f in checked.result.errors]
    numbered = [c.section for c in checked.analysis.classified if c.section.number]
    assert [s.number for s in numbered] == [str(n) for n in range(1, len(numbered) + 1)]
    assert len(numbered) >= 30
