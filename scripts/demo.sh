#!/usr/bin/env bash
# The main job as it stands: index the bundled samples/ folder into a throw-away home with the
# real embedder, show what was indexed and the evidence for a few questions, then embed the
# EmbeddingGemma model card's "Red Planet" example at every Matryoshka dim.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${VENV:-.venv}/bin
export ASSISTANT_HOME=${ASSISTANT_HOME:-$(mktemp -d -t assistant-demo-XXXXXX)}
echo "home: $ASSISTANT_HOME"
"$BIN/assistant" models list
echo
"$BIN/assistant" add samples
echo
"$BIN/assistant" status
for question in "Who fixed the floor, and what is his number?" "谁修的厨房水龙头？" \
  "Wie hoch war die Rechnung für den Flur?"; do
  echo
  echo "? $question"
  "$BIN/assistant" search "$question" --k 3
done
echo
"$BIN/assistant" similarity "Which planet is known as the Red Planet?" \
  "Venus is often called Earth's twin because of its similar size and proximity." \
  "Mars, known for its reddish appearance, is often referred to as the Red Planet." \
  "Jupiter, the largest planet in our solar system, has a prominent red spot." \
  "Saturn, famous for its rings, is sometimes mistaken for the Red Planet."
echo "Model card reference (768d): 0.3011  0.6359  0.4930  0.4889"
# Interactive terminal: end in the chat app on the indexed samples (Ctrl-Q quits).
if [ -t 0 ] && [ -t 1 ]; then
  echo
  echo "Opening the app on the samples (home: $ASSISTANT_HOME)..."
  exec "$BIN/assistant"
fi
