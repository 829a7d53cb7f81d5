"""The redline invariant on generated agreements built by mou's own Word writer.

Two specs over the test clause library (clause choice and order, versions, parameter values,
table rows, negotiated text) are assembled and built; the redline of one against the other
must accept to NEW's paragraphs and reject to OLD's, exactly, and the change list must name
every clause whose text or version differs.
"""

from __future__ import annotations

import copy
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mou_builder.assembly.assembler import assemble_file
from mou_builder.compare.align import compare_agreements
from mou_builder.ooxml.revisions import accept_all, paragraph_texts, reject_all
from mou_builder.ooxml.safezip import open_docx_bytes
from mou_builder.ooxml.write import build_docx
from mou_builder.sources.library import Library
from mou_builder.workflows.redline import Side, redline_bytes

from conftest import MINI_SPEC

WORDS = [
    "the",
    "officer",
    "shall",
    "notify",
    "the",
    "principal",
    "within",
    "two",
    "school",
    "days",
    "of",
    "any",
    "arrest",
    "on",
    "campus",
    "and",
    "keep",
    "records",
    "private",
]
sentence = st.lists(st.sampled_from(WORDS), min_size=1, max_size=14).map(
    lambda ws: " ".join(ws).capitalize() + "."
)
CLAUSES = ["purpose", "rules-of-duty", "hours", "records", "training"]


@st.composite
def configs(draw: st.DrawFn, base: dict | None = None) -> dict:
    def pick(key: str, strategy: st.SearchStrategy):  # keep OLD's value half of the time
        if base is not None and draw(st.booleans()):
            return copy.deepcopy(base[key])
        return draw(strategy)

    return {
        "order": pick(
            "order",
            st.permutations(CLAUSES).flatmap(
                lambda p: st.integers(1, len(p)).map(lambda n: list(p[:n]))
            ),
        ),
        "hours_version": pick("hours_version", st.sampled_from([1, 2])),
        "hours": pick("hours", st.integers(1, 12)),
        "schools": pick(
            "schools",
            st.lists(
                st.tuples(
                    st.sampled_from(["Lakeside High", "Lakeside Middle", "Hill Elementary"]),
                    st.integers(1, 40),
                ),
                max_size=3,
            ),
        ),
        "training": pick("training", st.integers(0, 80)),
        "contact": pick("contact", st.sampled_from(["the records office", "the principal"])),
        "negotiated": pick(
            "negotiated",
            st.none()
            | st.tuples(st.sampled_from(CLAUSES), st.lists(sentence, min_size=1, max_size=3)),
        ),
    }


def spec_text(config: dict) -> str:
    data = yaml.safe_load(MINI_SPEC)
    data["params"]["contact"] = config["contact"]
    entries = []
    for cid in config["order"]:
        entry: dict = {"id": cid, "version": 1}
        if cid == "hours":
            entry["version"] = config["hours_version"]
            entry["params"] = {"hours_per_day": config["hours"]}
            if config["hours_version"] == 2:
                entry["params"]["schools"] = [
                    {"school": s, "hours": h} for s, h in config["schools"]
                ]
        if cid == "training":
            entry["params"] = {"training_hours": config["training"]}
        negotiated = config["negotiated"]
        if negotiated and negotiated[0] == cid:
            entry["text"] = list(negotiated[1])
        entries.append(entry)
    data["clauses"] = entries
    return yaml.safe_dump(data, sort_keys=False)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_redline_of_built_agreements_accepts_to_new_and_rejects_to_old(
    data: st.DataObject, mini_library: Path, tmp_path: Path
) -> None:
    old_config = data.draw(configs())
    new_config = data.draw(configs(old_config))
    library = Library.load(mini_library)
    sides = []
    for name, config in (("old", old_config), ("new", new_config)):
        path = tmp_path / f"{name}.mou.yaml"
        path.write_text(spec_text(config))
        sides.append(Side(str(path), agreement=assemble_file(path, library)))
    old, new = sides
    result = redline_bytes(old, new, author="Counsel", date="2026-03-01")
    root = open_docx_bytes(result.data).xml("word/document.xml")

    def built(side: Side) -> list[str]:
        assert side.agreement is not None
        return paragraph_texts(open_docx_bytes(build_docx(side.agreement)).xml("word/document.xml"))

    assert paragraph_texts(accept_all(copy.deepcopy(root))) == built(new)
    assert paragraph_texts(reject_all(copy.deepcopy(root))) == built(old)
    assert old.agreement is not None and new.agreement is not None
    changed = {c.clause for c in compare_agreements(old.agreement, new.agreement)}
    old_sections = {s.clause_id: s for s in old.agreement.sections}
    for section in new.agreement.sections:
        before = old_sections.get(section.clause_id)
        differs = (
            before is None
            or before.version != section.version
            or (before.title, before.text) != (section.title, section.text)
        )
        if differs:
            assert section.clause_id in changed
    if built(old) == built(new):
        assert result.revisions == 0
