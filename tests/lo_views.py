"""Open .docx files in LibreOffice, accept or reject all tracked changes, print the texts.

A helper for tests/test_redline_soffice.py, run with a Python that has LibreOffice's ``uno``
module (usually the system ``/usr/bin/python3``, not the project's venv):

    python3 lo_views.py PROFILE_DIR FILE.docx... > out.json

Prints {"FILE": {"accepted": [paragraph texts], "rejected": [...], "changes": N}}; table
cells are listed cell by cell.
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


def texts(doc):
    out = []
    enum = doc.getText().createEnumeration()
    while enum.hasMoreElements():
        el = enum.nextElement()
        if el.supportsService("com.sun.star.text.Paragraph"):
            out.append(el.getString())
        elif el.supportsService("com.sun.star.text.TextTable"):
            for name in el.getCellNames():
                cell = el.getCellByName(name)
                cenum = cell.createEnumeration()
                while cenum.hasMoreElements():
                    out.append(cenum.nextElement().getString())
    return out


def main():
    profile, files = sys.argv[1], sys.argv[2:]
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
        for path in files:
            entry = {}
            for view, command in (
                ("accepted", ".uno:AcceptAllTrackedChanges"),
                ("rejected", ".uno:RejectAllTrackedChanges"),
            ):
                doc = desktop.loadComponentFromURL(
                    uno.systemPathToFileUrl(os.path.abspath(path)),
                    "_blank",
                    0,
                    (prop("Hidden", True),),
                )
                entry["changes"] = doc.getRedlines().getCount()
                frame = doc.getCurrentController().getFrame()
                dispatcher.executeDispatch(frame, command, "", 0, ())
                entry[view] = texts(doc)
                doc.close(True)
            result[path] = entry
        print(json.dumps(result))
        desktop.terminate()
    finally:
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


main()
