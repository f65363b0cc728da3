// A stand-in for Windows' bcryptprimitives.dll, for the Wine smoke test of scripts/dist-check.sh
// only (never shipped). Go >= 1.22 draws its random numbers from ProcessPrng in that DLL, which
// Wine 8 does not have: without it the Go runtime stops at start-up. This one fills the buffer
// from RtlGenRandom (advapi32's SystemFunction036), which Wine has.
#include <windows.h>
#include <ntsecapi.h>

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
  while (len > 0) {
    ULONG n = len > 0x40000000 ? 0x40000000 : (ULONG)len;
    if (!RtlGenRandom(data, n)) return FALSE;
    data += n;
    len -= n;
  }
  return TRUE;
}
