#pragma once

// Whether this test runs in a sanitizer build (CONLAB_SANITIZE), for the few checks that a sanitizer's cost makes
// meaningless: bounds on elapsed time, and thousands of threads at once. Everything else is checked as it is.

#if defined(__SANITIZE_THREAD__)
#define CONLAB_TEST_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define CONLAB_TEST_TSAN 1
#endif
#endif

#if defined(__SANITIZE_ADDRESS__)
#define CONLAB_TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CONLAB_TEST_ASAN 1
#endif
#endif

namespace sanitizers {

#ifdef CONLAB_TEST_TSAN
constexpr bool thread = true;
#else
constexpr bool thread = false;
#endif
#ifdef CONLAB_TEST_ASAN
constexpr bool address = true;
#else
constexpr bool address = false;
#endif

// How many times longer than in a plain build a bound on elapsed time, or a task meant to outlast thread start-up,
// must be. Measured on the 2-core VM: starting a thread takes about 0.15 ms plain, 1 ms under AddressSanitizer and
// 4-8 ms under GCC's ThreadSanitizer.
constexpr int timeFactor = thread ? 10 : address ? 4 : 1;

// ThreadSanitizer dies beyond some 8,000 live threads in a process and starts 8,000 threads in a minute or more, so
// tests of thousands of threads at once are skipped under it: they stress the OS, not our synchronisation.
constexpr int maxThreads = thread ? 1000 : 1 << 30;

} // namespace sanitizers
