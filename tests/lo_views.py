"""Open .docx files in LibreOffice, accept or reject all tracked changes, print the texts.

A helper for tests/test_redline_soffice.py, run with a Python that has LibreOffice's ``uno``
module (usually the system ``/usr/bin/python3``, not the project's venv):

    python3 lo_views.py PROFILE_DIR [--full] FILE.docx... > out.json

Prints {"FILE": {"accepted": [paragraph texts], "rejected": [...], "changes": N}}; table
cells are listed cell by cell. With ``--full`` (the corpus test) each paragraph starts with
its list label (``"1.\t"``), text frames, foot/endnotes and text boxes follow the body, and a
file named ``plain:FILE`` is only opened (its texts under ``"plain"``, no accept or reject).
"""

import json
import os
import subprocess
import sys
import time

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


FULL = False


def _para(el):
    text = el.getString()
    if FULL:
        try:
            label = el.getPropertyValue("ListLabelString")
        except Exception:
            label = ""
        if label:
            text = f"{label}\t{text}"
    return text


def _walk(text, out):
    enum = text.createEnumeration()
    while enum.hasMoreElements():
        el = enum.nextElement()
        if el.supportsService("com.sun.star.text.Paragraph"):
            out.append(_para(el))
        elif el.supportsService("com.sun.star.text.TextTable"):
            for name in el.getCellNames():
                _walk(el.getCellByName(name), out)


def texts(doc):
    out = []
    _walk(doc.getText(), out)
    if FULL:
        for kind, access in (
            ("frame", "getTextFrames"),
            ("note", "getFootnotes"),
            ("note", "getEndnotes"),
        ):
            try:
                group = getattr(doc, access)()
            except Exception:
                continue
            items = (
                [group.getByIndex(i) for i in range(group.getCount())]
                if hasattr(group, "getByIndex")
                else [group.getByName(n) for n in group.getElementNames()]
            )
            for item in items:
                inner = []
                _walk(item.getText() if hasattr(item, "getText") else item, inner)
                out.append(f"[{kind}] " + " / ".join(inner))
        out += [f"[text box] {text}" for text in _text_boxes(doc.getDrawPage())]
    return out


def _text_boxes(shapes):
    """The text of every text box (a shape with text, in groups too), its lines joined by /."""
    found = []
    for i in range(shapes.getCount()):
        shape = shapes.getByIndex(i)
        if shape.getShapeType() == "com.sun.star.drawing.GroupShape":
            found += _text_boxes(shape)
            continue
        try:
            boxed = shape.getPropertyValue("TextBox")
        except Exception:
            boxed = False
        if boxed:
            found.append(" / ".join(shape.getString().replace("\r\n", "\n").split("\n")))
    return found


def main():
    global FULL
    profile, files = sys.argv[1], sys.argv[2:]
    if files and files[0] == "--full":
        FULL, files = True, files[1:]
    pipe = f"mou_lo_{os.getpid()}"
    proc = subprocess.Popen(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--invisible",
            "--norestore",
            f"--accept=pipe,name={pipe};urp;",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext(
            "com.sun.star.bridge.UnoUrlResolver", local
        )
        for _ in range(120):
            try:
                ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                break
            except Exception:
                time.sleep(0.25)
        else:
            raise SystemExit("LibreOffice did not start")
        smgr = ctx.ServiceManager
        desktop = smgr.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        dispatcher = smgr.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
        result = {}
        for name in files:
            path = name.removeprefix("plain:")
            views = (
                (("plain", None),)
                if name.startswith("plain:")
                else (
                    ("accepted", ".uno:AcceptAllTrackedChanges"),
                    ("rejected", ".uno:RejectAllTrackedChanges"),
                )
            )
            entry = {}
            try:
                for view, command in views:
                    doc = desktop.loadComponentFromURL(
                        uno.systemPathToFileUrl(os.path.abspath(path)),
                        "_blank",
                        0,
                        (prop("Hidden", True),),
                    )
                    entry["changes"] = doc.getRedlines().getCount()
                    if command is not None:
                        frame = doc.getCurrentController().getFrame()
                        dispatcher.executeDispatch(frame, command, "", 0, ())
                    entry[view] = texts(doc)
                    doc.close(True)
            except Exception as exc:  # one broken file does not end the batch
                entry["error"] = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            result[name] = entry
        print(json.dumps(result))
        desktop.terminate()
    finally:
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


main()
