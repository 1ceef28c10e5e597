// libFuzzer target for the text readers (TRC, MOT/STO, keypoint CSV): any text either reads
// or raises FileError. The first byte picks the reader so one corpus covers all three.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "hipmech/io/keypoints.hpp"
#include "hipmech/io/opensim.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  try {
    switch (data[0] % 3) {
      case 0: {
        const hipmech::io::Trial t = hipmech::io::read_trc_text(text, "fuzz.trc");
        try {
          (void)hipmech::io::read_trc_text(hipmech::io::write_trc_text(t), "rewritten.trc");
        } catch (const hipmech::InvalidArgument&) {
        }
        break;
      }
      case 1: (void)hipmech::io::read_storage_text(text, "fuzz.mot"); break;
      default: (void)hipmech::io::read_keypoints_csv_text(text, "fuzz.csv", {}); break;
    }
  } catch (const hipmech::FileError&) {
  } catch (const std::exception& e) {
    std::fprintf(stderr, "unexpected exception: %s\n", e.what());
    std::abort();
  }
  return 0;
}
