// libFuzzer target: any bytes given to the C3D reader either read or raise FileError; nothing
// else (no crash, no read past the buffer under ASan, no other exception, no hang).
// Run by `bash scripts/dev test` for a bounded time; inputs that once failed live in
// tests/fuzz/corpus/c3d and are replayed first (docs/development.md, "Fuzzing").
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstdio>

#include "hipmech/io/c3d.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    const hipmech::io::Trial t = hipmech::io::read_c3d_bytes(data, size, "fuzz.c3d");
    // What was read must be writable and read back.
    try {
      const auto bytes = hipmech::io::write_c3d_bytes(t);
      (void)hipmech::io::read_c3d_bytes(bytes.data(), bytes.size(), "rewritten.c3d");
    } catch (const hipmech::InvalidArgument&) {
      // A trial the writer cannot represent (e.g. an analog rate that is not a whole multiple
      // of the point rate) is refused with a named argument: acceptable.
    }
  } catch (const hipmech::FileError&) {
    // The expected outcome for a bad file.
  } catch (const std::exception& e) {
    std::fprintf(stderr, "unexpected exception: %s\n", e.what());
    std::abort();
  }
  return 0;
}
