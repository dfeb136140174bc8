#!/usr/bin/env bash
# The main job as it stands: show the models, then embed the EmbeddingGemma model card's
# "Red Planet" example with the real model and print the scores at every Matryoshka dim.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${VENV:-.venv}/bin
"$BIN/assistant" models list
echo
"$BIN/assistant" similarity "Which planet is known as the Red Planet?" \
  "Venus is often called Earth's twin because of its similar size and proximity." \
  "Mars, known for its reddish appearance, is often referred to as the Red Planet." \
  "Jupiter, the largest planet in our solar system, has a prominent red spot." \
  "Saturn, famous for its rings, is sometimes mistaken for the Red Planet."
echo
echo "Model card reference (768d): 0.3011  0.6359  0.4930  0.4889"
