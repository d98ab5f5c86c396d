from __future__ import annotations

from pathlib import Path

import pytest

from l10nrelease.config import find_root, parse_config, read_config
from l10nrelease.errors import ConfigError

from .conftest import ROOT

GOOD = """\
[project]
name = "Press releases"
source_language = "en"
target_languages = ["ru", "kk"]

[paths]
sources = "sources"

[segmentation]
mode = "paragraph"
"""


def _parse(text: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    return parse_config(text, root=tmp_path, path=Path("l10nrelease.toml"))


def test_the_sample_config_reads() -> None:
    config = read_config(ROOT)
    assert config.target_languages == ("ru", "kk")
    assert config.sources == ROOT / "sources" and config.segmentation == "sentence"


def test_defaults_and_values(tmp_path: Path) -> None:
    config = _parse(GOOD, tmp_path)
    assert config.segmentation == "paragraph" and config.locales == tmp_path / "locales"
    assert _parse("", tmp_path).target_languages == ("ru", "kk")


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("[project]\nname = \n", 2, "invalid TOML"),
        (
            "[project]\ntarget_langauges = ['ru']\n",
            2,
            "unknown key 'project.target_langauges'; did you mean 'target_languages'?",
        ),
        ("[projct]\nname = 'x'\n", 1, "unknown section \\[projct\\]; did you mean 'project'?"),
        ("[project]\ntarget_languages = ['ru', 'xx']\n", 2, "'xx' is not a locale Babel knows"),
        ("[project]\nsource_language = 'english'\n", 2, "'english' is not a locale"),
        ("[project]\ntarget_languages = 'ru'\n", 2, "must be a list, not a string"),
        ("[project]\ntarget_languages = []\n", 2, "non-empty list"),
        ("[project]\ntarget_languages = ['ru', 'ru']\n", 2, "twice"),
        ("[project]\ntarget_languages = ['en']\n", 2, "includes the source language"),
        ("\n[segmentation]\nmode = 'sentences'\n", 3, "did you mean 'sentence'"),
        ("[segmentation]\nabbreviations = 'Akim'\n", 2, "must be a list, not a string"),
        (
            "[segmentation]\nmode = 'sentence'\nabbreviations = ['Akim', 'et al.']\n",
            3,
            "'segmentation.abbreviations': 'et al.' has a space; list each word",
        ),
        ("[segmentation]\nabbreviations = [3]\n", 2, "abbreviations': 3 is not a string"),
        ("[segmentation]\nabbreviations = ['']\n", 2, "an abbreviation is empty"),
        ("[segmentation]\nabbreviations = ['...']\n", 2, "'...' has no letter"),
        (
            "[segmentation]\nabbreviations = [\n  'Min',\n  'x\\ty',\n]\n",
            2,
            "may have letters, full stops",
        ),
        ("[paths]\nsources = 3\n", 2, "must be a string, not a number"),
        ("[paths]\nlocales = '../elsewhere'\n", 2, "outside the project folder"),
        ("[paths]\nbuild = '/tmp/build'\n", 2, "must be relative"),
        ("project = 1\n", 1, "must be a table"),
        # Values that cannot work are refused, not discovered on every page.
        (
            "[build]\ndate_format = 'longg'\n",
            2,
            "'longg' is not a date format; did you mean 'long'",
        ),
        ("[build]\ndate_format = 'd MMMM lol'\n", 2, "l, o are not date fields"),
        ("[build]\ndate_format = 'HH:mm d MMMM'\n", 2, "has time fields"),
        ("\n[build]\ndate_formats = { kk = 'y MMMMM xx' }\n", 3, "has time fields"),
        (
            "[pretranslate]\nengines = { ru = ['gogle'] }\n",
            2,
            "unknown engine 'gogle'; did you mean 'google'",
        ),
        ("[pretranslate]\nengines = { de = ['google'] }\n", 2, "'de' is not a target language"),
        ("[project]\ntarget_languages = ['ru', 'kk-KZ']\n", 2, "write the language alone, 'kk'"),
        ("[project]\ntarget_languages = ['ru_RU']\n", 2, "write the language alone, 'ru'"),
        ("[project]\nsource_language = 'en-US'\n", 2, "write the language alone, 'en'"),
        ("[build]\nblock_on = ['eror']\n", 2, "did you mean 'error'"),
        ("[build]\nblock_on = 'error'\n", 2, "must be a list"),
        ("[memory]\nthreshold = -5\n", 2, "from 1 to 100"),
        ("[memory]\nthreshold = 150\n", 2, "from 1 to 100"),
        (
            "[pretranslate]\nengines = { kk = ['deepl'] }\n",
            2,
            "the deepl engine does not translate into 'kk'",
        ),
        ("[engines]\nlibre = { url = 'ftp://x' }\n", 2, "must be an http:// or https:// address"),
        (
            "[pretranslate]\nconcurrency = 2\nnames = 'repiar'\n",
            3,
            "'pretranslate.names' must be \"mask\" .* or \"repair\" .*, not 'repiar'; "
            "did you mean 'repair'",
        ),
        ("[pretranslate]\nnames = true\n", 2, "'pretranslate.names' must be a string"),
        ('[project]\nname = "Releases\\nLanguage: kk"\n', 2, "holds a line break"),
        ("[po]\nwidth = 8\n", 2, "'po.width' must be at least 20 columns, not 8"),
        ("[po]\nwidht = 100\n", 2, "did you mean 'width'"),
        ("[po]\nwrap = 'no'\n", 2, "'po.wrap' must be true or false"),
    ],
)
def test_bad_config_names_file_line_and_key(
    tmp_path: Path, text: str, line: int, message: str
) -> None:
    with pytest.raises(ConfigError, match=message) as caught:
        _parse(text, tmp_path)
    assert str(caught.value).startswith(f"l10nrelease.toml:{line}: ")


def test_segmentation_abbreviations(tmp_path: Path) -> None:
    assert _parse("", tmp_path).abbreviations == ()
    text = "[segmentation]\nabbreviations = ['Akim', 'Min.', 'Akim']\n"
    assert _parse(text, tmp_path).abbreviations == ("Akim", "Min.")


def test_po_layout(tmp_path: Path) -> None:
    default = _parse("", tmp_path)
    assert (default.po_width, default.po_wrap) == (79, True)
    poedit = _parse("[po]\nwrap = false\n", tmp_path)
    assert (poedit.po_width, poedit.po_wrap) == (79, False)
    assert _parse("[po]\nwidth = 100\n", tmp_path).po_width == 100


def test_name_strategy(tmp_path: Path) -> None:
    assert _parse("", tmp_path).name_strategy == "mask"
    assert _parse("[pretranslate]\nnames = 'repair'\n", tmp_path).name_strategy == "repair"
    assert _parse("[pretranslate]\nnames = 'mask'\n", tmp_path).name_strategy == "mask"


def test_missing_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError, match=r"no l10nrelease\.toml here or in any parent"):
        find_root(None)
    # a folder named (--project) is the project or none: never one above it
    (tmp_path / "l10nrelease.toml").write_text("", encoding="utf-8")
    (tmp_path / "press2").mkdir()
    assert find_root(None) == tmp_path.resolve()
    with pytest.raises(ConfigError, match=r"no l10nrelease\.toml in the folder --project"):
        find_root(tmp_path / "press2")
    monkeypatch.chdir(tmp_path / "press2")
    assert find_root(None) == tmp_path.resolve()  # (run from inside it: the project above)
    (tmp_path / "l10nrelease.toml").unlink()
    with pytest.raises(ConfigError, match="file not found"):
        read_config(tmp_path)


def test_root_is_found_from_a_subfolder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "l10nrelease.toml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "sources" / "deep").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "sources" / "deep")
    assert find_root(None) == tmp_path.resolve()


def test_good_date_patterns_and_block_on(tmp_path: Path) -> None:
    config = _parse(
        '[build]\ndate_format = "d MMMM y"\ndate_formats = { kk = "y \'ж\'. d MMMM" }\n'
        'block_on = ["glossary", "numbers"]\n',
        tmp_path,
    )
    assert config.date_format("kk") == "y 'ж'. d MMMM" and config.date_format("ru") == "d MMMM y"
    assert config.block_on == ("glossary", "numbers")
    assert _parse("", tmp_path).block_on == ("error",)


def test_a_bad_lock_wait_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    (tmp_path / "l10nrelease.toml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "sources").mkdir()
    result = subprocess.run(
        [sys.executable, "-m", "l10nrelease", "extract"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "L10NRELEASE_LOCK_WAIT": "abc"},
        check=False,
    )
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "L10NRELEASE_LOCK_WAIT must be a number of seconds" in result.stderr
    assert "not 'abc'" in result.stderr


def test_deeply_nested_toml_is_refused_not_a_traceback(tmp_path: Path) -> None:
    """Found by the fuzzer: tomllib recurses once per bracket."""
    with pytest.raises(ConfigError, match="nested too deeply"):
        _parse("x = " + "[" * 5000 + "]" * 5000 + "\n", tmp_path)
