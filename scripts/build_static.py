"""Copy the NHS.UK frontend's compiled CSS, JS and images (and Cytoscape.js) into our static files.

The package ships ready-built files in dist/, so there is no Sass build. Two edits
are made on the way: image URLs point at our static path, and the @font-face rules
for the NHS's licensed Frutiger font are dropped (the font is licensed to the NHS,
and our content security policy loads nothing from other hosts); text falls back
to Arial, as the NHS.UK frontend intends.
"""

import json
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "node_modules" / "nhsuk-frontend"
TARGET = ROOT / "commonground" / "static" / "vendor" / "nhsuk"
CYTOSCAPE = ROOT / "node_modules" / "cytoscape" / "dist" / "cytoscape.esm.min.mjs"
CYTOSCAPE_TARGET = ROOT / "commonground" / "static" / "vendor" / "cytoscape" / "cytoscape.esm.min.js"


def main() -> int:
    if not PACKAGE.exists():
        print("nhsuk-frontend is not installed: run `npm ci` first.", file=sys.stderr)
        return 1
    version = json.loads((PACKAGE / "package.json").read_text())["version"]
    dist = PACKAGE / "dist" / "nhsuk"
    TARGET.mkdir(parents=True, exist_ok=True)
    css = (dist / f"nhsuk-frontend-{version}.min.css").read_text()
    css = re.sub(r"@font-face\{[^}]*assets\.nhs\.uk[^}]*\}", "", css)
    css = css.replace("url(/assets/", "url(./assets/")
    css = re.sub(r"/\*# sourceMappingURL=[^*]*\*/", "", css)
    (TARGET / "nhsuk-frontend.min.css").write_text(css)
    js = (dist / f"nhsuk-frontend-{version}.min.js").read_text()
    js = re.sub(r"//# sourceMappingURL=\S+", "", js)
    (TARGET / "nhsuk-frontend.min.js").write_text(js)
    shutil.copytree(dist / "assets" / "images", TARGET / "assets" / "images", dirs_exist_ok=True)
    # Cytoscape.js draws network pictures; it ships an ES module build we import as is.
    CYTOSCAPE_TARGET.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(CYTOSCAPE, CYTOSCAPE_TARGET)
    (TARGET / "VERSION").write_text(version + "\n")
    print(f"NHS.UK frontend {version} copied to {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
