#pragma once
// Runtime dispatch of the column kernels to the CPU they run on (private to src/).
//
// The library is built for the generic x86-64 baseline (SSE2), so that wheels and Debian
// packages run everywhere. A function marked TIEUCHI_KERNEL is compiled three times by GCC or
// clang (`target_clones`): for that baseline, for AVX2 and for x86-64-v4 (AVX-512 F/BW/DQ/VL);
// the dynamic loader picks the best one the CPU supports when the library is loaded (an ifunc),
// so a call costs one indirect jump. Everything the kernel inlines — the loops of the
// instructions, the status folds — is vectorized for that target. Only whole loops over a chunk
// are marked, never a per-unit function.
//
// Off (every kernel generic) when: not x86-64, not GCC/clang, the build sets
// TIEUCHI_NO_DISPATCH (CMake option TIEUCHI_DISPATCH=OFF), or a sanitizer build (which checks
// the generic code the fuzzer and the tests reach).

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__)) && !defined(TIEUCHI_NO_DISPATCH) && \
    defined(__ELF__)
#define TIEUCHI_KERNEL __attribute__((target_clones("default", "avx2", "arch=x86-64-v4")))
#define TIEUCHI_KERNEL_DISPATCH 1
#else
#define TIEUCHI_KERNEL
#define TIEUCHI_KERNEL_DISPATCH 0
#endif
