"""Run flatpak-pip-generator where PyPI's JSON API (pypi.org/pypi/NAME/VERSION/json) is
not reachable but its Simple API is (a proxy or a mirror of the index only).

The generator asks the JSON API for each release's files (URL and sha256). This answers
those requests from the Simple API's JSON form (PEP 691): the same files, URLs and hashes,
filtered to the release. Everything else is the unmodified generator.

    python run_pip_generator.py [flatpak-pip-generator arguments]
"""

from __future__ import annotations

import io
import json
import re
import runpy
import sys
import urllib.request

RELEASE_JSON = re.compile(r"^https://pypi\.org/pypi/([^/]+)/([^/]+)/json$")
SIMPLE_JSON = "application/vnd.pypi.simple.v1+json"
_urlopen = urllib.request.urlopen


def _release_files(name: str, version: str) -> list[dict]:
    request = urllib.request.Request(f"https://pypi.org/simple/{name}/",
                                     headers={"Accept": SIMPLE_JSON})
    with _urlopen(request) as response:
        files = json.loads(response.read().decode("utf-8"))["files"]
    normal = re.sub(r"[-_.]+", "_", name).lower()
    out = []
    for entry in files:
        filename = entry["filename"]
        stem = re.sub(r"[-_.]+", "_", filename).lower()
        if entry.get("yanked") or not stem.startswith(f"{normal}_{version.lower()}_".replace(
                ".", "_")):
            continue
        out.append({"filename": filename, "url": entry["url"],
                    "digests": {"sha256": entry["hashes"]["sha256"]},
                    "packagetype": "bdist_wheel" if filename.endswith(".whl") else "sdist",
                    "requires_python": entry.get("requires-python")})
    return out


def _urlopen_with_simple_api(url, *args, **kwargs):
    match = RELEASE_JSON.match(url) if isinstance(url, str) else None
    if match is None:
        return _urlopen(url, *args, **kwargs)
    body = json.dumps({"urls": _release_files(*match.groups())}).encode()
    return io.BytesIO(body)


if __name__ == "__main__":
    urllib.request.urlopen = _urlopen_with_simple_api
    sys.argv[0] = "flatpak-pip-generator"
    runpy.run_module("flatpak_pip_generator", run_name="__main__", alter_sys=True)
