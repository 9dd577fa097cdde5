#include "layan/api/tables.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <new>
#include <system_error>

#include <fmt/format.h>
#include <unistd.h>
#include <xlsxwriter.h>

namespace layan::api {
namespace {

// The sheet's layout: the title on the first row, a blank row, the headers, then the figures.
constexpr lxw_row_t kTitleRow = 0;
constexpr lxw_row_t kHeaderRow = 2;
constexpr lxw_row_t kFirstDataRow = 3;
constexpr double kDefaultColumnWidth = 8.43;  // Excel's default, in characters of the default font
constexpr double kMaxColumnWidth = 60;
constexpr double kWidthPerCharacter = 1.1;  // a little room for bold headers and the cell's padding

/// How many columns the table spans: its header or its longest row, whichever is wider.
std::size_t WidthOf(const Table& table) {
    std::size_t width = table.headers.size();
    for (const auto& row : table.rows) {
        width = std::max(width, row.size());
    }
    return width;
}

int PlacesOf(const Cell& cell) { return std::clamp(cell.decimals, 0, Cell::kMaxDecimals); }

/// `number` with `places` places and a '.' point; never "-0.00" for a value that rounds to zero.
std::string FormatDecimal(double number, int places) {
    std::string text = fmt::format("{:.{}f}", number, places);
    if (text.front() == '-' && text.find_first_not_of("-0.") == std::string::npos) {
        text.erase(0, 1);
    }
    return text;
}

/// Characters (not bytes) of UTF-8 text: what a column must be wide enough for.
std::size_t CharacterCount(std::string_view text) {
    return static_cast<std::size_t>(std::count_if(
        text.begin(), text.end(), [](char byte) { return (static_cast<unsigned char>(byte) & 0xC0) != 0x80; }));
}

/// Characters `cell` takes on the sheet: integers with their thousands separators ("#,##0").
std::size_t DisplayedLength(const Cell& cell) {
    if (const auto* text = std::get_if<std::string>(&cell.value)) {
        return CharacterCount(*text);
    }
    if (const auto* integer = std::get_if<std::int64_t>(&cell.value)) {
        const std::string digits = fmt::format("{}", *integer);
        const std::size_t sign = *integer < 0 ? 1 : 0;
        return digits.size() + (digits.size() - sign - 1) / 3;
    }
    if (const auto* decimal = std::get_if<double>(&cell.value); decimal != nullptr && std::isfinite(*decimal)) {
        return FormatDecimal(*decimal, PlacesOf(cell)).size();
    }
    return 0;
}

// --- CSV -------------------------------------------------------------------------------------------------

/// Appends a text field: defused if a spreadsheet would read it as a formula, quoted if RFC 4180 needs it.
void AppendCsvText(std::string& out, std::string_view text) {
    const bool formula_like =
        !text.empty() && std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos;
    const bool quoted = text.find_first_of(",\"\r\n") != std::string_view::npos;
    if (quoted) {
        out += '"';
    }
    if (formula_like) {
        out += '\'';
    }
    for (const char c : text) {
        if (c == '"') {
            out += '"';
        }
        out += c;
    }
    if (quoted) {
        out += '"';
    }
}

void AppendCsvCell(std::string& out, const Cell& cell) {
    if (const auto* text = std::get_if<std::string>(&cell.value)) {
        AppendCsvText(out, *text);
    } else if (const auto* integer = std::get_if<std::int64_t>(&cell.value)) {
        out += fmt::format("{}", *integer);
    } else if (const auto* decimal = std::get_if<double>(&cell.value); decimal != nullptr && std::isfinite(*decimal)) {
        out += FormatDecimal(*decimal, PlacesOf(cell));
    }
}

/// Appends one record of `width` fields, `append_field(out, column)` writing each; CRLF ends it.
template <class AppendField>
void AppendCsvRecord(std::string& out, std::size_t width, AppendField append_field) {
    const std::size_t start = out.size();
    for (std::size_t column = 0; column < width; ++column) {
        if (column > 0) {
            out += ',';
        }
        append_field(out, column);
    }
    // A record of one empty field would be a blank line, which many readers skip: quote it.
    if (out.size() == start) {
        out += "\"\"";
    }
    out += "\r\n";
}

// --- XLSX ------------------------------------------------------------------------------------------------

tl::unexpected<core::Error> ExportFailed(std::string message) {
    return core::Fail(core::ErrorKind::kInternal, "export_failed", std::move(message));
}

/// Creates an empty file only this user can read, with a name no one else has, in `directory`; returns its path.
core::Result<std::string> CreateTemporaryFile(const std::filesystem::path& directory) {
    std::string path = (directory / "layan-export-XXXXXX").string();
    const int descriptor = ::mkstemp(path.data());
    if (descriptor < 0) {
        return ExportFailed(fmt::format("cannot create a temporary file in {}: {}", directory.string(),
                                        std::generic_category().message(errno)));
    }
    ::close(descriptor);
    return path;
}

/// Deletes the file at `path` when it goes out of scope, whatever happened to it.
class FileRemover {
public:
    explicit FileRemover(std::string path) : path_(std::move(path)) {}
    FileRemover(const FileRemover&) = delete;
    FileRemover& operator=(const FileRemover&) = delete;
    ~FileRemover() {
        std::error_code ignored;
        std::filesystem::remove(path_, ignored);
    }

private:
    std::string path_;
};

core::Result<std::string> ReadWholeFile(const std::string& path) {
    std::error_code error;
    const auto size = std::filesystem::file_size(path, error);
    std::ifstream in(path, std::ios::binary);
    if (error || !in) {
        return ExportFailed(fmt::format("cannot read the workbook back from {}", path));
    }
    std::string bytes(size, '\0');
    if (!in.read(bytes.data(), static_cast<std::streamsize>(size))) {
        return ExportFailed(fmt::format("cannot read the workbook back from {}", path));
    }
    return bytes;
}

/// Closing a workbook writes its file and frees it; on an error path it is closed only to be freed.
struct CloseWorkbook {
    void operator()(lxw_workbook* workbook) const { workbook_close(workbook); }
};
using WorkbookPtr = std::unique_ptr<lxw_workbook, CloseWorkbook>;

/// The cell formats of one workbook, made once and shared by every cell that needs them.
class Formats {
public:
    explicit Formats(lxw_workbook* workbook) : workbook_(workbook) {
        title_ = Add();
        format_set_bold(title_);
        header_ = Add();
        format_set_bold(header_);
        format_set_bottom(header_, LXW_BORDER_THIN);
        integer_ = Add();
        format_set_num_format(integer_, "#,##0");
    }

    [[nodiscard]] lxw_format* title() const { return title_; }
    [[nodiscard]] lxw_format* header() const { return header_; }
    [[nodiscard]] lxw_format* integer() const { return integer_; }
    /// "0", "0.0", "0.00", ...: made the first time a decimal with that many places appears.
    [[nodiscard]] lxw_format* decimal(int places) {
        auto& format = decimals_.at(static_cast<std::size_t>(places));
        if (format == nullptr) {
            format = Add();
            const std::string pattern = places == 0 ? "0" : "0." + std::string(static_cast<std::size_t>(places), '0');
            format_set_num_format(format, pattern.c_str());
        }
        return format;
    }

private:
    lxw_format* Add() {
        lxw_format* format = workbook_add_format(workbook_);
        if (format == nullptr) {
            throw std::bad_alloc();
        }
        return format;
    }

    lxw_workbook* workbook_;
    lxw_format* title_ = nullptr;
    lxw_format* header_ = nullptr;
    lxw_format* integer_ = nullptr;
    std::array<lxw_format*, Cell::kMaxDecimals + 1> decimals_{};
};

core::Status CheckWrite(lxw_error error, lxw_row_t row, std::size_t column) {
    if (error != LXW_NO_ERROR) {
        return ExportFailed(fmt::format("the cell at row {}, column {} cannot be written: {}", row + 1, column + 1,
                                        lxw_strerror(error)));
    }
    return {};
}

core::Status WriteCell(lxw_worksheet* sheet, Formats& formats, lxw_row_t row, lxw_col_t column, const Cell& cell) {
    lxw_error error = LXW_NO_ERROR;
    if (const auto* text = std::get_if<std::string>(&cell.value)) {
        // A string cell, never a formula, whatever it starts with.
        error = worksheet_write_string(sheet, row, column, text->c_str(), nullptr);
    } else if (const auto* integer = std::get_if<std::int64_t>(&cell.value)) {
        // Excel's numbers are doubles: integers beyond 2^53 lose their last digits, as in Excel itself.
        error = worksheet_write_number(sheet, row, column, static_cast<double>(*integer), formats.integer());
    } else if (const auto* decimal = std::get_if<double>(&cell.value); decimal != nullptr && std::isfinite(*decimal)) {
        // NaN and infinities have no XLSX form (Excel would call the file corrupt): they stay empty.
        error = worksheet_write_number(sheet, row, column, *decimal, formats.decimal(PlacesOf(cell)));
    }
    return CheckWrite(error, row, column);
}

/// Fills the workbook's one sheet; the caller closes the workbook, which writes the file.
core::Status FillWorkbook(lxw_workbook* workbook, const Table& table) {
    const std::size_t width = WidthOf(table);
    if (width > LXW_COL_MAX) {
        return ExportFailed(fmt::format("the table has {} columns; a sheet holds at most {}", width, LXW_COL_MAX));
    }
    if (table.rows.size() > LXW_ROW_MAX - kFirstDataRow) {
        return ExportFailed(fmt::format("the table has {} rows; a sheet holds at most {} below its title and headers",
                                        table.rows.size(), LXW_ROW_MAX - kFirstDataRow));
    }
    // libxlsxwriter accepts an empty name, but Excel refuses the file it makes.
    if (table.name.empty()) {
        return ExportFailed("the table has no name to give its sheet");
    }
    if (const lxw_error invalid = workbook_validate_sheet_name(workbook, table.name.c_str()); invalid != LXW_NO_ERROR) {
        return ExportFailed(fmt::format("\"{}\" cannot name a sheet: {}", table.name, lxw_strerror(invalid)));
    }
    lxw_worksheet* sheet = workbook_add_worksheet(workbook, table.name.c_str());
    if (sheet == nullptr) {
        return ExportFailed(fmt::format("the sheet \"{}\" cannot be added", table.name));
    }

    Formats formats(workbook);
    if (!table.title.empty()) {
        // Also the document's title, which file browsers and Excel's "Info" pane show.
        std::string title = table.title;  // libxlsxwriter takes a char* (and copies it)
        lxw_doc_properties properties{};
        properties.title = title.data();
        if (const lxw_error error = workbook_set_properties(workbook, &properties); error != LXW_NO_ERROR) {
            return ExportFailed(fmt::format("the workbook's title cannot be set: {}", lxw_strerror(error)));
        }
        if (auto written = CheckWrite(worksheet_write_string(sheet, kTitleRow, 0, table.title.c_str(), formats.title()),
                                      kTitleRow, 0);
            !written) {
            return written;
        }
    }

    std::vector<std::size_t> characters(width, 0);
    for (std::size_t column = 0; column < width; ++column) {
        const auto col = static_cast<lxw_col_t>(column);
        const char* header = column < table.headers.size() ? table.headers[column].c_str() : "";
        characters[column] = CharacterCount(header);
        // An empty header is still written (as a blank), so the header's border runs the full width of the table.
        if (auto written = CheckWrite(worksheet_write_string(sheet, kHeaderRow, col, header, formats.header()),
                                      kHeaderRow, column);
            !written) {
            return written;
        }
    }

    lxw_row_t row = kFirstDataRow;
    for (const auto& cells : table.rows) {
        for (std::size_t column = 0; column < cells.size(); ++column) {
            if (auto written = WriteCell(sheet, formats, row, static_cast<lxw_col_t>(column), cells[column]);
                !written) {
                return written;
            }
            characters[column] = std::max(characters[column], DisplayedLength(cells[column]));
        }
        ++row;
    }

    for (std::size_t column = 0; column < width; ++column) {
        const double fitted = std::clamp(static_cast<double>(characters[column]) * kWidthPerCharacter,
                                         kDefaultColumnWidth, kMaxColumnWidth);
        const auto col = static_cast<lxw_col_t>(column);
        if (const lxw_error error = worksheet_set_column(sheet, col, col, fitted, nullptr); error != LXW_NO_ERROR) {
            return ExportFailed(fmt::format("column {} cannot be sized: {}", column + 1, lxw_strerror(error)));
        }
    }
    worksheet_freeze_panes(sheet, kFirstDataRow, 0);
    return {};
}

}  // namespace

std::string ToCsv(const Table& table) {
    const std::size_t width = WidthOf(table);
    std::string out = "\xEF\xBB\xBF";  // UTF-8's byte-order mark: without it Excel reads the bytes as Windows-1252
    AppendCsvRecord(out, width, [&](std::string& field, std::size_t column) {
        if (column < table.headers.size()) {
            AppendCsvText(field, table.headers[column]);
        }
    });
    for (const auto& row : table.rows) {
        AppendCsvRecord(out, width, [&](std::string& field, std::size_t column) {
            if (column < row.size()) {
                AppendCsvCell(field, row[column]);
            }
        });
    }
    return out;
}

core::Result<std::string> ToXlsx(const Table& table) {
    std::error_code error;
    const std::filesystem::path directory = std::filesystem::temp_directory_path(error);  // $TMPDIR, else /tmp
    if (error) {
        return ExportFailed(fmt::format("no temporary directory for the workbook: {}", error.message()));
    }
    // libxlsxwriter 1.1.4 writes a workbook only to a named file (an in-memory output_buffer came in 1.1.5).
    auto path = CreateTemporaryFile(directory);
    if (!path) {
        return tl::unexpected(std::move(path.error()));
    }
    const FileRemover remover(*path);
    std::string scratch = directory.string();  // where libxlsxwriter keeps each part before zipping it
    lxw_workbook_options options{.constant_memory = LXW_FALSE, .tmpdir = scratch.data(), .use_zip64 = LXW_FALSE};
    WorkbookPtr workbook(workbook_new_opt(path->c_str(), &options));
    if (!workbook) {
        return ExportFailed("libxlsxwriter cannot start a workbook");
    }
    if (auto filled = FillWorkbook(workbook.get(), table); !filled) {
        return tl::unexpected(std::move(filled.error()));
    }
    if (const lxw_error closed = workbook_close(workbook.release()); closed != LXW_NO_ERROR) {
        return ExportFailed(fmt::format("the workbook cannot be written to {}: {}", *path, lxw_strerror(closed)));
    }
    return ReadWholeFile(*path);
}

}  // namespace layan::api
