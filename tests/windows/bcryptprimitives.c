/*
 * Test scaffolding only, never shipped: a bcryptprimitives.dll for Wine builds that lack one.
 *
 * Rust's standard library on Windows draws its randomness from ProcessPrng in
 * bcryptprimitives.dll (Windows 10 and later). Debian's Wine 8 has no such DLL, so a Windows
 * build of xpost cannot start under it. This shim exports ProcessPrng and answers it with
 * advapi32's SystemFunction036 (RtlGenRandom), which Wine has. `.ci/cross-builds` builds it
 * with mingw-w64 and puts it beside xpost.exe for the Wine runs.
 */
#include <windows.h>

typedef BOOLEAN(WINAPI *gen_random)(PVOID, ULONG);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
    static gen_random generate;
    if (!generate) {
        HMODULE advapi = LoadLibraryA("advapi32.dll");
        if (!advapi) {
            return FALSE;
        }
        generate = (gen_random)GetProcAddress(advapi, "SystemFunction036");
        if (!generate) {
            return FALSE;
        }
    }
    while (len > 0) {
        ULONG chunk = len > 0x40000000 ? 0x40000000 : (ULONG)len;
        if (!generate(data, chunk)) {
            return FALSE;
        }
        data += chunk;
        len -= chunk;
    }
    return TRUE;
}
