// The encodings of the text readers: see text_encoding.hpp and docs/io.md, "Text encodings".
#include "text_encoding.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>

#include "text_util.hpp"

namespace hipmech::io::text_detail {

namespace {

constexpr std::string_view utf8_bom = "\xEF\xBB\xBF";
constexpr std::string_view utf16le_bom = "\xFF\xFE";
constexpr std::string_view utf16be_bom = "\xFE\xFF";
constexpr std::string_view utf32le_bom = std::string_view("\xFF\xFE\x00\x00", 4);
constexpr std::string_view utf32be_bom = std::string_view("\x00\x00\xFE\xFF", 4);

bool starts_with(std::string_view s, std::string_view prefix) noexcept {
  return s.size() >= prefix.size() && s.substr(0, prefix.size()) == prefix;
}

std::string hex_byte(unsigned value) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%02X", value & 0xFFu);
  return buf;
}

/// The 1-based line of byte `offset` of `text`.
std::size_t line_of(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  return 1 + static_cast<std::size_t>(std::count(
                 text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
}

/// The offset of the first byte of `bytes` that does not continue a well-formed UTF-8
/// sequence, or npos if `bytes` is UTF-8 (the table of Unicode 15, section 3.9, D92).
std::size_t first_invalid_utf8(std::string_view bytes) noexcept {
  const auto* s = reinterpret_cast<const unsigned char*>(bytes.data());
  const std::size_t n = bytes.size();
  std::size_t i = 0;
  while (i < n) {
    // ASCII fast path: 8 bytes at a time.
    if (i + 8 <= n) {
      std::uint64_t word;
      std::memcpy(&word, s + i, 8);
      if ((word & 0x8080808080808080ULL) == 0) {
        i += 8;
        continue;
      }
    }
    const unsigned c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t length = 0;
    unsigned low = 0x80, high = 0xBF;  // bounds of the second byte
    if (c >= 0xC2 && c <= 0xDF) {
      length = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      length = 3;
      if (c == 0xE0) low = 0xA0;   // no overlong forms
      if (c == 0xED) high = 0x9F;  // no surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
      length = 4;
      if (c == 0xF0) low = 0x90;   // no overlong forms
      if (c == 0xF4) high = 0x8F;  // nothing above U+10FFFF
    } else {
      return i;
    }
    if (i + length > n) return i;
    if (s[i + 1] < low || s[i + 1] > high) return i;
    for (std::size_t k = 2; k < length; ++k) {
      if (s[i + k] < 0x80 || s[i + k] > 0xBF) return i;
    }
    i += length;
  }
  return std::string_view::npos;
}

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

/// UTF-16 (after its byte-order mark, which is `bom_size` bytes into the file) as UTF-8.
std::string utf16_to_utf8(std::string_view bytes, bool big_endian, std::size_t bom_size,
                          const std::string& name) {
  const auto* s = reinterpret_cast<const unsigned char*>(bytes.data());
  const auto unit = [&](std::size_t i) -> std::uint32_t {
    return big_endian ? (std::uint32_t{s[i]} << 8) | s[i + 1]
                      : (std::uint32_t{s[i + 1]} << 8) | s[i];
  };
  const char* encoding = big_endian ? "UTF-16 BE" : "UTF-16 LE";
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 2);
  std::size_t line = 1;
  std::size_t i = 0;
  for (; i + 1 < bytes.size(); i += 2) {
    std::uint32_t cp = unit(i);
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      const std::uint32_t next = i + 3 < bytes.size() ? unit(i + 2) : 0;
      if (next < 0xDC00 || next > 0xDFFF) {
        fail(name, line,
             std::string("expected ") + encoding + " text (the file starts with its byte-order " +
                 "mark), found a high surrogate without its low surrogate at byte offset " +
                 std::to_string(bom_size + i));
      }
      cp = 0x10000 + ((cp - 0xD800) << 10) + (next - 0xDC00);
      i += 2;
    } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
      fail(name, line,
           std::string("expected ") + encoding + " text (the file starts with its byte-order " +
               "mark), found a lone low surrogate at byte offset " + std::to_string(bom_size + i));
    }
    if (cp == '\n') ++line;
    append_utf8(out, cp);
  }
  if (i < bytes.size()) {
    fail(name, line,
         std::string("expected ") + encoding + " text (the file starts with its byte-order " +
             "mark), found an odd number of bytes (a lone last byte at byte offset " +
             std::to_string(bom_size + i) + ")");
  }
  return out;
}

}  // namespace

bool is_utf8(std::string_view bytes) noexcept {
  return first_invalid_utf8(bytes) == std::string_view::npos;
}

std::string latin1_to_utf8(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 8);
  for (char ch : bytes) append_utf8(out, static_cast<unsigned char>(ch));
  return out;
}

std::string_view utf8_text(std::string_view bytes, const std::string& name, std::string& storage) {
  std::string_view text;
  std::size_t skipped = 0;  // bytes of a byte-order mark before `text`, for the offsets
  if (starts_with(bytes, utf32le_bom) || starts_with(bytes, utf32be_bom)) {
    fail(name, 1,
         "expected text in UTF-8, Latin-1 or UTF-16, found a UTF-32 byte-order mark (save the "
         "file as UTF-8)");
  } else if (starts_with(bytes, utf16le_bom) || starts_with(bytes, utf16be_bom)) {
    storage = utf16_to_utf8(bytes.substr(2), bytes[0] == '\xFE', 2, name);
    text = storage;
  } else if (starts_with(bytes, utf8_bom)) {
    text = bytes.substr(utf8_bom.size());
    skipped = utf8_bom.size();
    const std::size_t bad = first_invalid_utf8(text);
    if (bad != std::string_view::npos) {
      fail(name, line_of(text, bad),
           "expected UTF-8 text (the file starts with a UTF-8 byte-order mark), found the byte " +
               hex_byte(static_cast<unsigned char>(text[bad])) + " at byte offset " +
               std::to_string(skipped + bad));
    }
  } else if (is_utf8(bytes)) {
    text = bytes;
  } else {
    // Line by line: a UTF-8 file with one Latin-1 line (a label typed on another machine, a
    // file name in the header) keeps its UTF-8 lines.
    storage.clear();
    storage.reserve(bytes.size() + bytes.size() / 8);
    std::size_t start = 0;
    while (start < bytes.size()) {
      std::size_t end = bytes.find('\n', start);
      end = end == std::string_view::npos ? bytes.size() : end + 1;
      const std::string_view line = bytes.substr(start, end - start);
      if (is_utf8(line)) {
        storage += line;
      } else {
        for (char ch : line) append_utf8(storage, static_cast<unsigned char>(ch));
      }
      start = end;
    }
    text = storage;
  }
  const std::size_t nul = text.find('\0');
  if (nul != std::string_view::npos) {
    const bool converted = text.data() == storage.data();
    fail(name, line_of(text, nul),
         "expected text in UTF-8, Latin-1 or UTF-16 with a byte-order mark, found a NUL "
         "character" +
             (converted ? std::string() : " at byte offset " + std::to_string(skipped + nul)) +
             " (a UTF-16 file without a byte-order mark? save it as UTF-8)");
  }
  return text;
}

}  // namespace hipmech::io::text_detail
