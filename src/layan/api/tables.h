#pragma once

#include <cassert>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "layan/core/error.h"

namespace layan::api {

/// The integer types a Cell takes as a whole number: all but bool and the character types.
template <class T>
concept CellInteger =
    std::integral<T> && !std::same_as<T, bool> && !std::same_as<T, char> && !std::same_as<T, wchar_t> &&
    !std::same_as<T, char8_t> && !std::same_as<T, char16_t> && !std::same_as<T, char32_t>;

/// One cell of an exported table: empty, text (UTF-8), a whole number or a decimal.
///
/// Converts implicitly (on purpose) from what a row is usually built of, so `{"Loket A", 128, 4.25}` is a
/// row; `Cell::Decimal(value, places)` picks how many places a decimal shows.
struct Cell {
    std::variant<std::monostate, std::string, std::int64_t, double> value{};
    int decimals = 2;  ///< Places a decimal shows, clamped to [0, kMaxDecimals]; ignored for other values.

    static constexpr int kMaxDecimals = 10;

    /// An empty cell.
    Cell() = default;
    Cell(std::string text) : value(std::move(text)) {}
    Cell(std::string_view text) : value(std::string(text)) {}
    Cell(const char* text) : value(std::string(text)) {}
    /// A whole number. An unsigned value above INT64_MAX is a bug.
    template <CellInteger T>
    Cell(T number) : value(static_cast<std::int64_t>(number)) {
        if constexpr (std::is_unsigned_v<T> && sizeof(T) >= sizeof(std::int64_t)) {
            assert(number <= static_cast<T>(std::numeric_limits<std::int64_t>::max()));
        }
    }
    /// A decimal shown with two places; NaN and infinities export as empty cells.
    Cell(double number) : value(number) {}
    Cell(bool) = delete;            // say "Ya"/"Tidak" in text instead
    Cell(char) = delete;            // a character is text: use a string
    Cell(std::nullptr_t) = delete;  // use Cell() for an empty cell

    /// A decimal shown with `places` places (clamped to [0, kMaxDecimals]).
    [[nodiscard]] static Cell Decimal(double number, int places) {
        Cell cell(number);
        cell.decimals = places;
        return cell;
    }

    friend bool operator==(const Cell&, const Cell&) = default;
};

/// A table of figures as the public dashboard shows it, ready to export.
///
/// The table is as wide as its header or its longest row, whichever is wider; shorter rows (and a
/// shorter header) are padded with empty cells.
struct Table {
    std::string name{};   ///< Sheet name and file stem, e.g. "layanan": ASCII, 1–31 characters, none of []:*?/\.
    std::string title{};  ///< A line above the table in XLSX, e.g. "Kinerja per layanan, 1–30 November 2026".
    std::vector<std::string> headers{};     ///< Column headers in Indonesian, e.g. "Rata-rata tunggu (menit)".
    std::vector<std::vector<Cell>> rows{};  ///< The figures, one vector per row, in display order.
};

/// `table` as CSV (RFC 4180) for spreadsheets and scripts: UTF-8 with a byte-order mark (so Excel reads the
/// Indonesian text right), the headers as the first record (no title), every record ended by CRLF. A field
/// holding a comma, a double quote, CR or LF is quoted, its quotes doubled. Whole numbers are written plainly
/// ("12500"), decimals with a '.' point and their `decimals` places ("4.25"), empty cells as nothing. A text
/// field starting with = + - @, a tab or CR gets a leading apostrophe, so a spreadsheet never runs it as a
/// formula (CSV injection). Never fails.
[[nodiscard]] std::string ToCsv(const Table& table);

/// `table` as the bytes of an XLSX workbook with one sheet named `table.name`: the title in A1 (bold), the
/// headers in row 3 (bold, bottom border), the rows below them, the panes frozen under the headers. Numbers
/// stay numbers: whole numbers formatted "#,##0", decimals "0.00" with their `decimals` places. Columns are
/// widened to fit their content (at most 60 characters). Text is stored as text, never as a formula.
///
/// Errors (kInternal, "export_failed", the message says why): the name is not a valid sheet name, a text cell
/// is over Excel's 32,767 characters, the table is over Excel's 1,048,576 rows or 16,384 columns, or the
/// temporary file the workbook is assembled in cannot be written or read back (it is always deleted).
[[nodiscard]] core::Result<std::string> ToXlsx(const Table& table);

}  // namespace layan::api
