"""Offline OCR engines: accuracy, speed, memory and install size on English, German and Chinese.

Usage:  .venv/bin/python benchmarks/ocr_engines.py [--engines NAME ...] [--rapidocr3-python PY]

Why: the assistant will OCR scanned PDFs and images, offline, in en/de/zh. An engine qualifies
only if everything it needs comes from PyPI or Debian packages, with no model download at run
time. Engines:
- rapidocr-onnx-1.4: `rapidocr-onnxruntime` 1.4.x, PP-OCRv4 det/rec/cls ONNX files in its wheel;
- rapidocr-3:        `rapidocr` 3.x (PP-OCRv6 small in its wheel); it needs opencv-python-headless,
                     which clashes with 1.4's opencv-python (both own `cv2/`), so it runs from its
                     own venv given by --rapidocr3-python (skipped without it);
- tesseract:         Tesseract 5 via `pytesseract`, told the image's language (eng/deu/chi_sim);
- tesseract-multi:   the same with `eng+deu+chi_sim` for every image (language not known).
Tesseract needs the Debian packages tesseract-ocr, tesseract-ocr-deu, tesseract-ocr-chi-sim.

Test images are rendered with Pillow from known text by tests/ocr/pages.py (shared with the OCR
tests): an invoice in English, one in German with ä ö ü ß €, one in Chinese, each clean, rotated
90°, skewed 5°, light grey on white, and photo-like (gaussian noise + blur). CER (also
tests/ocr/pages.py) = Levenshtein distance / reference length, after NFKC
(full-width "：" counts as ":") and collapsing whitespace to one space; for Chinese, which has
no word spaces, all whitespace is ignored. `CER-ns` ignores whitespace in every language (a
missing space hurts a reader less than a wrong letter). The image-only
PDFs of ../shared/corpora/pdf (no text layer, embedded images) are OCRed too, with no ground
truth: only the length and start of the text are shown.

Each engine runs in its own process (under `unshare -n` when possible, so a hidden download
would fail) and reports its peak RSS: max of itself and its children, since pytesseract runs the
tesseract binary as a child. Seconds per image come after one warm-up image. At most 2 threads:
onnxruntime intra-op threads = 2, OMP_THREAD_LIMIT = 2 for tesseract.

Only the standard library and tests/ocr/pages.py (Pillow, numpy) are imported at the top: the
same file runs as a worker inside the rapidocr 3 venv, which lacks this project's dependencies
but has Pillow and numpy, both required by rapidocr 3.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import importlib.util
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.ocr.pages import TEXTS, VARIANTS, cer, fonts, make_variant  # noqa: E402

PDF_CORPUS = REPO.parent / "shared" / "corpora" / "pdf"
THREADS = 2
TESSERACT_LANGS = {"en": "eng", "de": "deu", "zh": "chi_sim"}
TESSERACT_ALL = "eng+deu+chi_sim"
TESSERACT_DEBS = [
    "tesseract-ocr",
    "tesseract-ocr-eng",
    "tesseract-ocr-osd",
    "tesseract-ocr-deu",
    "tesseract-ocr-chi-sim",
    "libtesseract5",
    "liblept5",
]
ENGINE_DISTS = {
    "rapidocr-onnx-1.4": "rapidocr-onnxruntime",
    "rapidocr-3": "rapidocr",
    "tesseract": "pytesseract",
    "tesseract-multi": "pytesseract",
}
# rapidocr 3 does not declare its inference engine: onnxruntime is installed beside it.
UNDECLARED_DEPS = {"rapidocr-3": ["onnxruntime"]}


@dataclass
class Sample:
    """One image to OCR; `reference` is None for the corpus PDFs, which have no ground truth."""

    name: str
    lang: str
    variant: str
    path: str
    reference: str | None


# ---------------------------------------------------------------- images


def synthetic_samples(folder: Path, variants: list[str]) -> list[Sample]:
    """Render every language x variant into `folder`, with its known text."""
    font = fonts()
    samples = []
    for seed, (lang, lines) in enumerate(TEXTS.items()):
        for variant in variants:
            path = folder / f"{lang}-{variant}.png"
            make_variant(lines, font[lang], variant, seed).save(path)
            reference = "\n".join(lines)
            samples.append(Sample(f"{lang}-{variant}", lang, variant, str(path), reference))
    return samples


def image_only_pdfs() -> list[Path]:
    """Corpus PDFs with embedded images but (almost) no text layer: what OCR is for."""
    import pypdf

    found = []
    for path in sorted(PDF_CORPUS.glob("*/*.pdf")):
        try:
            reader = pypdf.PdfReader(path)
            if reader.is_encrypted:
                continue
            text = "".join(page.extract_text() or "" for page in reader.pages)
            has_images = any(page.images for page in reader.pages)
        except Exception:  # a corpus of odd PDFs: unreadable ones are simply not candidates
            continue
        if has_images and len(text.strip()) < 50:
            found.append(path)
    return found


def pdf_samples(folder: Path) -> list[Sample]:
    """Embedded images of the image-only PDFs (pypdf `page.images`), saved as PNG."""
    import logging

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    import pypdf

    samples = []
    for pdf in image_only_pdfs():
        for page_number, page in enumerate(pypdf.PdfReader(pdf).pages):
            for image in page.images:
                picture = image.image.convert("RGB")
                name = f"{pdf.stem}-p{page_number + 1}-{Path(image.name).stem}"
                path = folder / f"{name}.png"
                picture.save(path)
                label = f"{pdf.parent.name}/{pdf.name} p{page_number + 1} {image.name}"
                size = f"{picture.width}x{picture.height}"
                samples.append(Sample(label, "?", size, str(path), None))
    return samples


# ---------------------------------------------------------------- engines (worker side)


def rapidocr14_engine() -> Any:
    """rapidocr-onnxruntime 1.4: returns ([box, text, score], ...) in reading order."""
    from rapidocr_onnxruntime import RapidOCR

    engine = RapidOCR(intra_op_num_threads=THREADS, inter_op_num_threads=1)

    def run(sample: Sample) -> str:
        result, _elapsed = engine(sample.path)
        return "\n".join(line[1] for line in result or [])

    return run


def rapidocr3_engine() -> Any:
    """rapidocr 3.x with its default (in-wheel) models; result.txts holds the lines."""
    from rapidocr import RapidOCR

    params = {
        "Global.log_level": "error",
        "EngineConfig.onnxruntime.intra_op_num_threads": THREADS,
        "EngineConfig.onnxruntime.inter_op_num_threads": 1,
    }
    engine = RapidOCR(params=params)

    def run(sample: Sample) -> str:
        return "\n".join(engine(sample.path).txts or ())

    return run


def tesseract_engine(multi: bool) -> Any:
    """pytesseract, told the language unless `multi` (then all three, as when it is unknown)."""
    import pytesseract
    from PIL import Image

    def run(sample: Sample) -> str:
        lang = TESSERACT_ALL if multi else TESSERACT_LANGS.get(sample.lang, TESSERACT_ALL)
        with Image.open(sample.path) as image:
            return pytesseract.image_to_string(image, lang=lang)

    return run


ENGINES = {
    "rapidocr-onnx-1.4": rapidocr14_engine,
    "rapidocr-3": rapidocr3_engine,
    "tesseract": lambda: tesseract_engine(multi=False),
    "tesseract-multi": lambda: tesseract_engine(multi=True),
}


def peak_rss_mb() -> float:
    """Peak RSS of this process or its largest child (the tesseract binary), in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def dist_closure(name: str, seen: set[str] | None = None) -> set[str]:
    """The installed distribution and everything it requires (extras left out), by name."""
    seen = set() if seen is None else seen
    key = re.sub(r"[-_.]+", "-", name).lower()
    if key in seen:
        return seen
    try:
        dist = importlib.metadata.distribution(name)
    except importlib.metadata.PackageNotFoundError:
        return seen
    seen.add(key)
    for requirement in dist.requires or []:
        if "extra ==" not in requirement:
            dist_closure(re.split(r"[\s;<>=!~\[(]", requirement, maxsplit=1)[0], seen)
    return seen


def dist_size_mb(name: str) -> float:
    """Bytes of the files one distribution installed, in MB."""
    dist = importlib.metadata.distribution(name)
    paths = (Path(dist.locate_file(file)) for file in dist.files or [])
    return sum(path.stat().st_size for path in paths if path.is_file()) / 1e6


def install_report(engine: str) -> dict[str, Any]:
    """Size of the engine's pip closure, the largest parts, and the model files its wheel holds."""
    dist = ENGINE_DISTS[engine]
    closure = dist_closure(dist)
    for extra in UNDECLARED_DEPS.get(engine, []):
        dist_closure(extra, closure)
    sizes = {name: dist_size_mb(name) for name in sorted(closure)}
    package = Path(importlib.metadata.distribution(dist).locate_file(""))
    models = [
        f"{p.name} ({p.stat().st_size / 1e6:.1f} MB)"
        for p in package.glob(f"{dist.replace('-', '_')}/**/*.onnx")
    ]
    top = sorted(sizes.items(), key=lambda item: -item[1])[:5]
    version = importlib.metadata.version(dist)
    if engine.startswith("tesseract"):
        import pytesseract

        version = f"{pytesseract.get_tesseract_version()} (pytesseract {version})"
    return {
        "pip_mb": sum(sizes.values()),
        "pip_parts": ", ".join(f"{name} {mb:.0f}" for name, mb in top),
        "models": models,
        "version": version,
    }


def worker(engine_name: str, samples_file: str, out_file: str, repeats: int) -> None:
    """Warm up on the first image, OCR each `repeats` times (the fastest counts: the machine
    may be shared), write texts, timings and RSS as JSON."""
    samples = [Sample(**item) for item in json.loads(Path(samples_file).read_text())]
    started = time.perf_counter()
    run = ENGINES[engine_name]()
    run(samples[0])
    setup_seconds = time.perf_counter() - started
    results = []
    for sample in samples:
        started = time.perf_counter()
        text = run(sample)
        results.append(
            {"name": sample.name, "text": text, "seconds": time.perf_counter() - started}
        )
    report = {
        "results": results,
        "setup_seconds": setup_seconds,
        "peak_rss_mb": peak_rss_mb(),
        **install_report(engine_name),
    }
    Path(out_file).write_text(json.dumps(report, ensure_ascii=False))


# ---------------------------------------------------------------- driver (parent side)


def offline_prefix() -> list[str]:
    """`unshare -n` (no network at all) if this user may use it, else nothing."""
    if shutil.which("unshare") is None:
        return []
    probe = subprocess.run(["unshare", "-n", "true"], capture_output=True)
    return ["unshare", "-n"] if probe.returncode == 0 else []


def run_engine(python: str, engine: str, samples_file: str, repeats: int) -> dict[str, Any] | None:
    """One engine in its own process, offline; None (with the error) if it failed."""
    out_file = samples_file.replace(".json", f".{engine}.out.json")
    worker_args = ["--worker", engine, samples_file, out_file, "--repeats", str(repeats)]
    command = [*offline_prefix(), python, __file__, *worker_args]
    env = {**os.environ, "OMP_THREAD_LIMIT": str(THREADS), "OMP_NUM_THREADS": str(THREADS)}
    done = subprocess.run(command, capture_output=True, text=True, cwd=REPO, env=env)
    if done.returncode != 0:
        print(f"{engine} failed: {done.stderr.strip().splitlines()[-3:]}", file=sys.stderr)
        return None
    return json.loads(Path(out_file).read_text())


def deb_size_mb(packages: list[str]) -> float:
    """Installed size of Debian packages (dpkg's Installed-Size is in KiB), 0 if absent."""
    query = ["dpkg-query", "-Wf", "${Installed-Size}\n", *packages]
    done = subprocess.run(query, capture_output=True, text=True)
    return sum(int(n) for n in done.stdout.split() if n.isdigit()) * 1024 / 1e6


def engine_plan(names: list[str], rapidocr3_python: str | None) -> list[tuple[str, str]]:
    """(engine, interpreter) pairs that can run here; the others are reported and skipped."""
    plan = []
    for name in names:
        if name == "rapidocr-3":
            if rapidocr3_python:
                plan.append((name, rapidocr3_python))
            else:
                print("rapidocr-3 skipped: give --rapidocr3-python", file=sys.stderr)
        elif name.startswith("tesseract") and shutil.which("tesseract") is None:
            print(f"{name} skipped: apt-get install -y tesseract-ocr", file=sys.stderr)
        elif importlib.util.find_spec(
            "rapidocr_onnxruntime" if name.startswith("rapidocr") else "pytesseract"
        ):
            plan.append((name, sys.executable))
        else:
            print(f"{name} skipped: pip install {ENGINE_DISTS[name]}", file=sys.stderr)
    return plan


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--engines", nargs="+", default=list(ENGINES), choices=list(ENGINES))
    parser.add_argument("--variants", nargs="+", default=VARIANTS, choices=VARIANTS)
    parser.add_argument("--rapidocr3-python", help="python of a venv with rapidocr 3.x")
    parser.add_argument("--no-pdf", action="store_true", help="skip the corpus PDFs")
    parser.add_argument("--repeats", type=int, default=2, help="runs per image; fastest counts")
    parser.add_argument("--worker", nargs=3, metavar=("ENGINE", "SAMPLES", "OUT"))
    args = parser.parse_args()
    if args.worker:
        worker(*args.worker, args.repeats)
        return
    folder = Path(tempfile.mkdtemp(prefix="ocr-bench-"))
    samples = synthetic_samples(folder, args.variants)
    samples += [] if args.no_pdf else pdf_samples(folder)
    samples_file = folder / "samples.json"
    samples_file.write_text(json.dumps([asdict(s) for s in samples], ensure_ascii=False))
    offline = "unshare -n (no network)" if offline_prefix() else "network not cut"
    print(f"{len(samples)} images in {folder}; engines run offline: {offline}; ", end="")
    print(f"fastest of {args.repeats} runs per image\n")
    runs = {}
    for engine, python in engine_plan(args.engines, args.rapidocr3_python):
        runs[engine] = run_engine(python, engine, str(samples_file), args.repeats)
    done = {engine: report for engine, report in runs.items() if report}
    print_details(samples, done)
    print_pdfs(samples, done)
    print_summary(samples, done)


# ---------------------------------------------------------------- tables


def short(text: str, width: int) -> str:
    """One line, at most `width` characters, safe inside a markdown table."""
    flat = re.sub(r"\s+", " ", text).strip().replace("|", "\\|")
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def print_details(samples: list[Sample], runs: dict[str, dict[str, Any]]) -> None:
    """Per engine x synthetic image: CER, CER without whitespace, seconds, text start."""
    print("| engine | lang | variant | CER | CER-ns | s/image | recognised (start) |")
    print("|---|---|---|---:|---:|---:|---|")
    for engine, report in runs.items():
        for sample, result in zip(samples, report["results"], strict=True):
            if sample.reference is None:
                continue
            print(
                f"| {engine} | {sample.lang} | {sample.variant} "
                f"| {cer(sample.reference, result['text'], sample.lang != 'zh'):.3f} "
                f"| {cer(sample.reference, result['text'], keep_spaces=False):.3f} "
                f"| {result['seconds']:.2f} | {short(result['text'], 40)} |"
            )
    print()


def print_pdfs(samples: list[Sample], runs: dict[str, dict[str, Any]]) -> None:
    """Per engine x corpus PDF image: characters recognised and the first 60 of them."""
    if all(sample.reference is not None for sample in samples):
        return
    print("| engine | PDF image | size | chars | s/image | first 60 chars |")
    print("|---|---|---|---:|---:|---|")
    for engine, report in runs.items():
        for sample, result in zip(samples, report["results"], strict=True):
            if sample.reference is None:
                text = re.sub(r"\s+", " ", result["text"]).strip()
                print(
                    f"| {engine} | {sample.name} | {sample.variant} | {len(text)} "
                    f"| {result['seconds']:.2f} | {short(text, 60)} |"
                )
    print()


def mean(values: list[float]) -> float:
    """Arithmetic mean, NaN for no values."""
    return sum(values) / len(values) if values else float("nan")


def summary_row(engine: str, samples: list[Sample], report: dict[str, Any]) -> str:
    """One summary line: mean CER per language (all variants) and over all languages without
    rot90 (no engine here turns pages upright by itself), speed, memory, size, packaging."""
    pairs = list(zip(samples, report["results"], strict=True))
    cers = {
        lang: mean(
            [
                cer(s.reference, r["text"], lang != "zh")
                for s, r in pairs
                if s.lang == lang and s.reference
            ]
        )
        for lang in TEXTS
    }
    upright = mean(
        [
            cer(s.reference, r["text"], s.lang != "zh")
            for s, r in pairs
            if s.reference and s.variant != "rot90"
        ]
    )
    seconds = mean([r["seconds"] for _, r in pairs])
    system = engine.startswith("tesseract")
    install = report["pip_mb"] + (deb_size_mb(TESSERACT_DEBS) if system else 0)
    return (
        f"| {engine} {report['version']} | {cers['en']:.3f} | {cers['de']:.3f} "
        f"| {cers['zh']:.3f} | {upright:.3f} | {seconds:.2f} | {report['setup_seconds']:.1f} "
        f"| {report['peak_rss_mb']:.0f} | {install:.0f} | {'yes' if system else 'no'} "
        f"| {'yes' if report['models'] else 'no'} |"
    )


def print_summary(samples: list[Sample], runs: dict[str, dict[str, Any]]) -> None:
    """The summary table, then where the install megabytes go."""
    print(
        "| engine | CER en | CER de | CER zh | CER not rotated | s/image | load+warm-up s "
        "| peak RSS MB | install MB | needs system pkg | models in pip pkg |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|")
    for engine, report in runs.items():
        print(summary_row(engine, samples, report))
    print()
    for engine, report in runs.items():
        models = "; ".join(report["models"]) or "none (Debian traineddata)"
        print(f"- {engine}: pip MB by package: {report['pip_parts']}; models: {models}")
    if any(engine.startswith("tesseract") for engine in runs):
        print(f"- tesseract Debian packages: {deb_size_mb(TESSERACT_DEBS):.0f} MB")


if __name__ == "__main__":
    main()
