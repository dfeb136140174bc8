"""Text from pixels: RapidOCR (PP-OCRv6 small, ONNX) run inside the OCR worker process only.

Chosen in benchmarks/ocr_engines.py (README "OCR engines"): its models come inside the PyPI
wheel, so nothing is downloaded at run time, and it read English, German umlauts and ß, and
Chinese with no character wrong where Tesseract missed a third of the Chinese. The model files
are named explicitly, so a change of the package's defaults can never make it fetch others.

RapidOCR turns each tall text box to read it, so a page scanned sideways reads word by word
but in a jumbled order (its lines come out in the wrong sequence; measured CER 0.15 to 0.76).
When most boxes of a page are tall, the page is read turned both ways without the line
classifier (which would flip upside-down lines and hide which way is up), and the way that
reads better is read again in full.
Boxes are joined into lines by their vertical overlap, so an invoice's "Total:" and its
amount, detected as two boxes, end up on one line as a person reads them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

TALL = 1.5  # a box this many times taller than wide holds a line turned on its side


@dataclass(frozen=True)
class Reading:
    """What OCR found on one image: its lines, and the mean score of the boxes (0 to 1)."""

    text: str
    score: float
    turned: int = 0  # degrees the image was turned to read it
    sideways: bool = False  # most of its boxes were tall: the page lies on its side

    @property
    def weight(self) -> float:
        """How much readable text there is: characters times confidence."""
        return len(self.text.replace("\n", "")) * self.score


class Engine:
    """One loaded RapidOCR; loading takes about a second, so the worker keeps it."""

    def __init__(self, threads: int) -> None:
        import rapidocr
        from rapidocr import RapidOCR

        models = Path(rapidocr.__file__).parent / "models"
        params = {
            "Global.log_level": "error",
            "Det.model_path": str(models / "PP-OCRv6_det_small.onnx"),
            "Rec.model_path": str(models / "PP-OCRv6_rec_small.onnx"),
            "Cls.model_path": str(models / "ch_ppocr_mobile_v2.0_cls_mobile.onnx"),
            "EngineConfig.onnxruntime.intra_op_num_threads": threads if threads > 0 else -1,
            "EngineConfig.onnxruntime.inter_op_num_threads": 1,
        }
        self._ocr = RapidOCR(params=params)

    def read(self, image: np.ndarray) -> Reading:
        """The reading of an RGB image; a page lying on its side is turned upright first."""
        upright = self._read_once(image, 0)
        if not upright.sideways:
            return upright
        turned = {degrees: np.ascontiguousarray(np.rot90(image, turns))
                  for turns, degrees in ((1, 90), (3, 270))}  # fmt: skip
        trials = [self._read_once(pixels, way, lines=False) for way, pixels in turned.items()]
        way = max(trials, key=lambda reading: reading.weight).turned
        best = self._read_once(turned[way], way)
        return best if best.weight >= 0.9 * upright.weight else upright

    def _read_once(self, image: np.ndarray, degrees: int, *, lines: bool = True) -> Reading:
        """One pass; `lines=False` leaves out the classifier that flips upside-down lines."""
        output = self._ocr(image, use_cls=lines)
        boxes = getattr(output, "boxes", None)
        texts = getattr(output, "txts", None) or ()
        scores = getattr(output, "scores", None) or ()
        if boxes is None or not texts:
            return Reading("", 0.0, degrees)
        return Reading(
            join_lines(boxes, texts), float(np.mean(scores)), degrees, _mostly_tall(boxes, texts)
        )


def join_lines(boxes: Any, texts: Any) -> str:
    """Boxes whose vertical centres fall within half a line of each other form one line,
    read left to right; lines are read top to bottom."""
    items = []
    for box, text in zip(boxes, texts, strict=False):
        points = np.asarray(box, dtype=np.float32).reshape(-1, 2)
        # The quad's own height (top-left to bottom-left), not its bounding box's: a line on
        # a crooked scan spans more rows than it is high.
        height = float(np.linalg.norm(points[-1] - points[0])) if len(points) == 4 else 0.0
        height = height or float(np.ptp(points[:, 1]))
        items.append((float(points[:, 1].mean()), height, float(points[:, 0].min()), str(text)))
    items.sort()
    lines: list[list[tuple[float, float, float, str]]] = []
    for item in items:
        if lines and abs(item[0] - _centre(lines[-1])) <= max(item[1], 1.0) / 2:
            lines[-1].append(item)
        else:
            lines.append([item])
    return "\n".join(
        " ".join(part[3] for part in sorted(line, key=lambda i: i[2])) for line in lines
    )


def _mostly_tall(boxes: Any, texts: Any) -> bool:
    """Whether most boxes of more than one character are tall (lines turned on their side)."""
    tall = wide = 0
    for box, text in zip(boxes, texts, strict=False):
        if len(str(text)) < 2:
            continue
        points = np.asarray(box, dtype=np.float32).reshape(-1, 2)
        width, height = np.ptp(points[:, 0]), np.ptp(points[:, 1])
        tall, wide = (tall + 1, wide) if height > TALL * width else (tall, wide + 1)
    return tall > wide


def _centre(line: list[tuple[float, float, float, str]]) -> float:
    return sum(item[0] for item in line) / len(line)
