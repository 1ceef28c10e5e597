// Private: the encodings the text readers accept (TRC, MOT/STO, keypoint CSV), turned into
// UTF-8 once, before any parsing. Documented for users in docs/io.md, "Text encodings".
#pragma once

#include <string>
#include <string_view>

namespace hipmech::io::text_detail {

/// True if `bytes` is well-formed UTF-8 (no overlong forms, surrogates or code points above
/// U+10FFFF), as Python's strict decoder checks it.
bool is_utf8(std::string_view bytes) noexcept;

/// Latin-1 (ISO 8859-1) bytes as UTF-8: every byte is a character, so nothing can fail.
std::string latin1_to_utf8(std::string_view bytes);

/// The text of the file `name` as UTF-8, ready for the line parser:
/// - a UTF-8 byte-order mark is skipped, and the rest must then be UTF-8;
/// - a UTF-16 LE or BE byte-order mark: the text is decoded (surrogate pairs included);
/// - a UTF-32 byte-order mark is refused (rare; save the file as UTF-8);
/// - no byte-order mark: each line is read as UTF-8 if it is UTF-8, otherwise as Latin-1
///   (every byte a character; cp1252's 0x80-0x9F come out as U+0080-U+009F).
/// A NUL character is refused (a UTF-16 file without a byte-order mark, or not text).
/// Returns a view of `bytes` when they are UTF-8 already (no copy), otherwise of `storage`.
/// Throws FileError(name, "line N: expected ..., found ...") naming the byte offset.
std::string_view utf8_text(std::string_view bytes, const std::string& name, std::string& storage);

}  // namespace hipmech::io::text_detail
