#!/usr/bin/env bash
# Concurrency Lab on a Debian 12 machine, bare or not: installs what is missing, builds, then
#   ./run.sh demo   opens the desktop app, conlab-gui, on the article's measurements, ready to measure this machine;
#                   without a display, runs a quick headless sweep of all five strategies instead and writes its chart
#                   (PNG) and results (CSV, JSON) to build/demo/
#   ./run.sh test   runs the whole test suite three times over: as built for use (build/), under AddressSanitizer +
#                   UndefinedBehaviorSanitizer (build-asan/) and under ThreadSanitizer (build-tsan/); then the libFuzzer
#                   targets of the result-file parsers, built in build-asan/ too, replay their seeds and fuzz for
#                   CONLAB_FUZZ_SECONDS (default 15) each. It prints how long each stage took.
# Safe to run again: packages already installed are not touched, and the builds are incremental (and cached by ccache
# when it is installed).
set -euo pipefail
cd "$(dirname "$0")"

mode=${1:-}
if [[ $mode != demo && $mode != test ]]; then
    echo "usage: ./run.sh demo|test" >&2
    exit 2
fi

# What the build needs from Debian: compiler and build tools (Ninja: see below), Qt 6 (Core, Widgets, Charts, Svg,
# Test; Charts is not found without libqt6opengl6-dev), Eigen 3, standalone Asio (the async strategy's event loop) and
# CPython (the python runtime runs the article's own code in it).
packages=(g++ cmake make ninja-build qt6-base-dev qt6-charts-dev qt6-svg-dev libqt6opengl6-dev libgl-dev libeigen3-dev
    libasio-dev python3)
if [[ $mode == demo && -n ${WAYLAND_DISPLAY:-} && -z ${DISPLAY:-} ]]; then
    # A Wayland session without XWayland: Qt needs its Wayland platform plugin, which Debian packages apart.
    packages+=(qt6-wayland)
fi
if [[ $mode == test ]]; then
    # The ASan + UBSan and fuzz builds use clang (CMakePresets.json; the TSan build uses g++, whose runtimes come
    # with it): clang brings clang++, and libclang-rt-dev (libclang-rt-14-dev) the runtimes of its AddressSanitizer,
    # UndefinedBehaviorSanitizer and libFuzzer, which clang only recommends.
    packages+=(clang libclang-rt-dev)
fi
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

packages_seconds=$SECONDS
jobs=$(nproc 2>/dev/null || echo 2)
# Tests at once: most of them wait (on worker processes, signals, timeouts) rather than compute.
test_jobs=$((2 * jobs))
# New build directories use Ninja: it compiles a library's files as soon as their headers are generated, while make
# builds one target after the other and leaves a core idle whenever a target has one file left. A directory that
# exists keeps the generator it was made with.
export CMAKE_GENERATOR=${CMAKE_GENERATOR:-Ninja}
# The build for use (and the demo's) has line tables for debugging (-g1: backtraces with functions, files and lines)
# but no variables or types, which cost a sixth of its compile time.
build() {
    cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG" \
        -DCONLAB_WERROR=ON && cmake --build build --parallel "$jobs"
}

# The stages of `test`. Each builds into its own directory and returns non-zero when its build or a test fails.
stage_tests() {
    build && ctest --test-dir build --output-on-failure --timeout 600 --parallel "$test_jobs"
}
# The ASan + UBSan build also holds the fuzz targets (CONLAB_FUZZ=ON adds libFuzzer's coverage instrumentation to it),
# so that the fuzz stage builds nothing of its own.
stage_asan_ubsan() {
    cmake --preset asan-ubsan && cmake --build --preset asan-ubsan --parallel "$jobs" &&
        ctest --preset asan-ubsan --parallel "$test_jobs"
}
stage_tsan() {
    cmake --preset tsan && cmake --build --preset tsan --parallel "$jobs" || return
    # ThreadSanitizer's shadow memory needs the address layout it knows; with more ASLR entropy than it expects
    # (vm.mmap_rnd_bits = 32 on recent kernels) every program stops with "unexpected memory mapping". Without address
    # randomisation it always fits. setarch -R can be refused inside a container; then the tests run as they are.
    local norandom=()
    if setarch "$(uname -m)" -R true 2>/dev/null; then
        norandom=(setarch "$(uname -m)" -R)
    fi
    "${norandom[@]}" ctest --preset tsan --parallel "$test_jobs"
}
stage_fuzz() {
    cmake --preset fuzz -DCONLAB_FUZZ_SECONDS="${CONLAB_FUZZ_SECONDS:-15}" &&
        cmake --build --preset fuzz --parallel "$jobs" && ctest --preset fuzz --parallel "$test_jobs"
}

# Whether a window can open here: an X or Wayland display, or a Qt platform named other than offscreen.
has_display() {
    if [[ -n ${QT_QPA_PLATFORM:-} ]]; then
        [[ $QT_QPA_PLATFORM != offscreen* && $QT_QPA_PLATFORM != minimal* ]]
    else
        [[ -n ${DISPLAY:-} || -n ${WAYLAND_DISPLAY:-} ]]
    fi
}

# The demo without a window: the quick sweep on this machine, its chart as PNG, its runs as CSV and JSON.
headless_demo() {
    local out=$PWD/build/demo
    mkdir -p "$out"
    echo "run.sh: measuring all five strategies on this machine (about 25 s)"
    build/bin/conlab limits
    echo
    build/bin/conlab sweep --strategies all --tasks 10:100:30 --task-ms 20 --repeat 3 \
        --csv "$out/runs.csv" --json "$out/runs.json" --plot "$out/chart.png"
    echo
    echo "run.sh: the article's own table, analysed the same way:"
    build/bin/conlab analyze resources/article-runs.csv --plot "$out/article.png"
    echo
    echo "run.sh: the demo's files, in $out/:"
    echo "  chart.png             this machine: runtime against task count, trendlines with R² (any image viewer)"
    echo "  runs.csv, runs.json   its runs (build/bin/conlab analyze $out/runs.json reads them again)"
    echo "  article.png           the article's measurements, drawn the same way"
    echo "run.sh: the desktop app needs a display. To open it:"
    echo "  on a machine with a display (or over ssh -X):  ./run.sh demo   or   build/bin/conlab-gui $out/runs.json"
    echo "  here, in a virtual display (for screenshots):  apt-get install xvfb xauth; xvfb-run -a build/bin/conlab-gui"
}

case $mode in
demo)
    build
    echo
    if ! has_display; then
        echo "run.sh: no display to open a window on (no DISPLAY or WAYLAND_DISPLAY, or QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-} set): the headless demo instead"
        headless_demo
        exit
    fi
    echo "run.sh: opening conlab-gui on the article's measurements; press Run (F5) to measure this machine beside them"
    # conlab-gui exits with 1 when the display named cannot be opened (a stale DISPLAY over ssh, say), after saying so
    # in one line: then the demo runs without it.
    status=0
    build/bin/conlab-gui || status=$?
    if ((status == 1)); then
        echo "run.sh: the window could not open here: the headless demo instead"
        headless_demo
    elif ((status != 0)); then
        exit "$status"
    fi
    ;;
test)
    stages=(tests asan_ubsan tsan fuzz)
    declare -A titles=(
        [tests]="the test suite (build/)"
        [asan_ubsan]="the test suite under AddressSanitizer + UndefinedBehaviorSanitizer (build-asan/)"
        [tsan]="the test suite under ThreadSanitizer (build-tsan/)"
        [fuzz]="the parser fuzzers, ${CONLAB_FUZZ_SECONDS:-15} s each (build-asan/)"
    )
    declare -A outcomes=()
    failed=0
    for stage in "${stages[@]}"; do
        echo
        echo "======== run.sh: ${titles[$stage]}"
        start=$SECONDS
        # Every stage runs even when one before it failed, so that one CI run reports them all.
        if "stage_$stage"; then
            outcome=passed
        else
            outcome=FAILED
            failed=1
        fi
        seconds=$((SECONDS - start))
        outcomes[$stage]=$(printf '%-6s %3d:%02d' "$outcome" $((seconds / 60)) $((seconds % 60)))
        echo "======== run.sh: ${titles[$stage]}: ${outcomes[$stage]}"
    done
    echo
    echo "run.sh: summary (result, wall time m:ss)"
    printf '  %-6s %3d:%02d  %s\n' done $((packages_seconds / 60)) $((packages_seconds % 60)) "the Debian packages"
    for stage in "${stages[@]}"; do
        echo "  ${outcomes[$stage]}  ${titles[$stage]}"
    done
    printf '  %-6s %3d:%02d  %s\n' "" $((SECONDS / 60)) $((SECONDS % 60)) "in all"
    exit "$failed"
    ;;
esac
