#!/usr/bin/env bash
# Concurrency Lab on a Debian 12 machine, bare or not: installs what is missing, builds, then
#   ./run.sh demo   runs the main job: a quick sweep of all four strategies on this machine, with its analysis
#   ./run.sh test   runs the whole test suite
# Safe to run again: packages already installed are not touched, and the build is incremental.
set -euo pipefail
cd "$(dirname "$0")"

mode=${1:-}
if [[ $mode != demo && $mode != test ]]; then
    echo "usage: ./run.sh demo|test" >&2
    exit 2
fi

# What the build needs from Debian: compiler and build tools, Qt 6 (Core, Widgets, Charts, Svg, Test; Charts is not
# found without libqt6opengl6-dev) and Eigen 3.
packages=(g++ cmake make qt6-base-dev qt6-charts-dev qt6-svg-dev libqt6opengl6-dev libgl-dev libeigen3-dev)
missing=()
for package in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$package")
    fi
done
if ((${#missing[@]})); then
    echo "run.sh: installing the missing Debian packages: ${missing[*]}"
    sudo=()
    if [[ $(id -u) -ne 0 ]]; then
        sudo=(sudo)
    fi
    "${sudo[@]}" apt-get update -q
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
else
    echo "run.sh: the required Debian packages are installed: ${packages[*]}"
fi

jobs=$(nproc 2>/dev/null || echo 2)
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCONLAB_WERROR=ON
cmake --build build --parallel "$jobs"

case $mode in
demo)
    echo
    echo "run.sh: measuring all four strategies on this machine (about 25 s)"
    build/bin/conlab limits
    echo
    build/bin/conlab sweep --strategies all --tasks 10:100:30 --task-ms 20 --repeat 3 \
        --csv build/demo-runs.csv --json build/demo-runs.json
    echo
    echo "run.sh: the article's own table, analysed the same way:"
    build/bin/conlab analyze resources/article-runs.csv
    ;;
test)
    ctest --test-dir build --output-on-failure --timeout 600
    ;;
esac
