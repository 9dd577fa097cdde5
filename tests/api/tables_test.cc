// CSV and XLSX exports of a table. The XLSX checks open the workbook as Excel would: the zip's central
// directory names the parts, and each part is inflated (zlib) and its CRC checked before its XML is read.
// libxlsxwriter 1.1.4 always deflates the parts, so reading them is the only honest way to see what they say.

#include "layan/api/tables.h"

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <zlib.h>

namespace layan::api {
namespace {

using ::testing::AllOf;
using ::testing::Ge;
using ::testing::HasSubstr;
using ::testing::Le;
using ::testing::Not;
using ::testing::StartsWith;

constexpr std::string_view kBom = "\xEF\xBB\xBF";

Table ServicesTable() {
    return Table{
        .name = "layanan",
        .title = "Kinerja per layanan, 1–30 November 2026",
        .headers = {"Layanan", "Tiket", "Rata-rata tunggu (menit)", "Kepuasan — IKM"},
        .rows =
            {
                {"Paspor", 12500, 14.25, Cell::Decimal(87.6, 1)},
                {"KTP-el", 830, 6.5, Cell::Decimal(91.04, 1)},
            },
    };
}

// --- Cell ------------------------------------------------------------------------------------------------

TEST(TableCell, TakesEveryIntegerTypeAsAWholeNumberButNotBoolOrCharacters) {
    EXPECT_EQ(Cell(std::size_t{42}).value, (decltype(Cell::value){std::int64_t{42}}));
    EXPECT_EQ(Cell(std::uint8_t{7}).value, (decltype(Cell::value){std::int64_t{7}}));
    EXPECT_EQ(Cell(-3L).value, (decltype(Cell::value){std::int64_t{-3}}));
    EXPECT_EQ(Cell(2.5F).value, (decltype(Cell::value){2.5}));
    EXPECT_EQ(Cell("teks").value, (decltype(Cell::value){std::string("teks")}));
    EXPECT_EQ(Cell().value, (decltype(Cell::value){}));
    EXPECT_EQ(Cell::Decimal(1.5, 3).decimals, 3);
    static_assert(!std::is_convertible_v<bool, Cell>);
    static_assert(!std::is_convertible_v<char, Cell>);
    static_assert(!std::is_convertible_v<std::nullptr_t, Cell>);
}

// --- CSV -------------------------------------------------------------------------------------------------

TEST(TableCsv, IsUtf8WithAByteOrderMarkAndCrLfAfterEveryRecord) {
    const std::string csv = ToCsv(ServicesTable());
    EXPECT_EQ(csv, std::string(kBom) +
                       "Layanan,Tiket,Rata-rata tunggu (menit),Kepuasan — IKM\r\n"
                       "Paspor,12500,14.25,87.6\r\n"
                       "KTP-el,830,6.50,91.0\r\n");
}

TEST(TableCsv, QuotesFieldsWithCommasQuotesAndLineBreaksAndDoublesTheirQuotes) {
    const Table table{
        .name = "t",
        .title = "",
        .headers = {"Nama, lengkap", "Catatan"},
        .rows =
            {
                {"Loket \"A\"", "baris satu\nbaris dua"},
                {"CR\rdi tengah", "biasa"},
                {"\"", ""},
            },
    };
    EXPECT_EQ(ToCsv(table), std::string(kBom) +
                                "\"Nama, lengkap\",Catatan\r\n"
                                "\"Loket \"\"A\"\"\",\"baris satu\nbaris dua\"\r\n"
                                "\"CR\rdi tengah\",biasa\r\n"
                                "\"\"\"\",\r\n");
}

TEST(TableCsv, WritesWholeNumbersPlainlyAndDecimalsWithTheirPlacesAndAPoint) {
    const Table table{
        .name = "t",
        .title = "",
        .headers = {"n"},
        .rows =
            {
                {1234567},
                {-42},
                {std::int64_t{-9'223'372'036'854'775'807} - 1},
                {3.14159},
                {Cell::Decimal(2.5, 0)},  // rounds half to even, as printf does
                {Cell::Decimal(1.05, 3)},
                {Cell::Decimal(-0.001, 2)},  // rounds to zero: no "-0.00"
                {Cell::Decimal(-7.25, 1)},
                {Cell::Decimal(1.0 / 3.0, 20)},  // clamped to 10 places
                {Cell::Decimal(9.9, -1)},        // clamped to 0 places
                {std::nan("")},
                {1e300 * 1e300},
                {Cell()},
            },
    };
    EXPECT_EQ(ToCsv(table), std::string(kBom) +
                                "n\r\n"
                                "1234567\r\n"
                                "-42\r\n"
                                "-9223372036854775808\r\n"
                                "3.14\r\n"
                                "2\r\n"
                                "1.050\r\n"
                                "0.00\r\n"
                                "-7.2\r\n"
                                "0.3333333333\r\n"
                                "10\r\n"
                                "\"\"\r\n"  // NaN, infinity and empty are empty fields; a lone one is quoted
                                "\"\"\r\n"
                                "\"\"\r\n");
}

TEST(TableCsv, DefusesTextThatASpreadsheetWouldRunAsAFormula) {
    const Table table{
        .name = "t",
        .title = "",
        .headers = {"=HEADER()", "teks"},
        .rows =
            {
                {"=HYPERLINK(\"http://x\")", "+62 812"},
                {"-1+1", "@SUM(A1)"},
                {"\tTAB", "\rCR"},
                {"=1,2", "a=b"},
                {-5, "5-3"},
            },
    };
    EXPECT_EQ(ToCsv(table), std::string(kBom) +
                                "'=HEADER(),teks\r\n"
                                "\"'=HYPERLINK(\"\"http://x\"\")\",'+62 812\r\n"
                                "'-1+1,'@SUM(A1)\r\n"
                                "'\tTAB,\"'\rCR\"\r\n"
                                "\"'=1,2\",a=b\r\n"
                                "-5,5-3\r\n");  // a negative number is a number, not a formula
}

TEST(TableCsv, EmptyTableIsItsHeaderLineAlone) {
    const Table table{.name = "kosong", .title = "Tidak ada data", .headers = {"Layanan", "Tiket"}, .rows = {}};
    EXPECT_EQ(ToCsv(table), std::string(kBom) + "Layanan,Tiket\r\n");
}

TEST(TableCsv, PadsShortRowsAndTheHeaderToTheWidestRow) {
    const Table table{
        .name = "t",
        .title = "",
        .headers = {"a", "b"},
        .rows = {{"1"}, {"1", "2", "3"}, {}},
    };
    EXPECT_EQ(ToCsv(table), std::string(kBom) +
                                "a,b,\r\n"
                                "1,,\r\n"
                                "1,2,3\r\n"
                                ",,\r\n");
}

// --- Reading a workbook back --------------------------------------------------------------------------

std::uint32_t Read16(std::string_view bytes, std::size_t at) {
    return static_cast<std::uint32_t>(static_cast<unsigned char>(bytes.at(at))) |
           static_cast<std::uint32_t>(static_cast<unsigned char>(bytes.at(at + 1))) << 8U;
}

std::uint32_t Read32(std::string_view bytes, std::size_t at) {
    return Read16(bytes, at) | Read16(bytes, at + 2) << 16U;
}

std::string Inflate(std::string_view compressed, std::size_t size) {
    std::string out(size, '\0');
    z_stream stream{};
    EXPECT_EQ(inflateInit2(&stream, -MAX_WBITS), Z_OK);  // raw deflate, as zip stores it
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
    stream.avail_in = static_cast<uInt>(compressed.size());
    stream.next_out = reinterpret_cast<Bytef*>(out.data());
    stream.avail_out = static_cast<uInt>(out.size());
    EXPECT_EQ(inflate(&stream, Z_FINISH), Z_STREAM_END);
    EXPECT_EQ(stream.total_out, size);
    inflateEnd(&stream);
    return out;
}

/// Every part of a zip archive by name, read through its central directory as an unzipper would.
std::map<std::string, std::string> Unzip(std::string_view zip) {
    std::map<std::string, std::string> parts;
    const std::size_t end = zip.rfind("PK\x05\x06");
    if (end == std::string_view::npos) {
        ADD_FAILURE() << "no end of central directory record";
        return parts;
    }
    const std::uint32_t count = Read16(zip, end + 10);
    std::size_t at = Read32(zip, end + 16);
    for (std::uint32_t i = 0; i < count; ++i) {
        if (zip.substr(at, 4) != "PK\x01\x02") {
            ADD_FAILURE() << "central directory entry " << i << " has no signature";
            return parts;
        }
        const std::uint32_t method = Read16(zip, at + 10);
        const std::uint32_t crc = Read32(zip, at + 16);
        const std::uint32_t compressed_size = Read32(zip, at + 20);
        const std::uint32_t size = Read32(zip, at + 24);
        const std::uint32_t name_length = Read16(zip, at + 28);
        const std::uint32_t extra_length = Read16(zip, at + 30);
        const std::uint32_t comment_length = Read16(zip, at + 32);
        const std::uint32_t local = Read32(zip, at + 42);
        const std::string name(zip.substr(at + 46, name_length));
        EXPECT_EQ(zip.substr(local, 4), "PK\x03\x04") << name;
        const std::size_t data = local + 30 + Read16(zip, local + 26) + Read16(zip, local + 28);
        const std::string_view stored = zip.substr(data, compressed_size);
        std::string content;
        if (method == 8) {
            content = Inflate(stored, size);
        } else {
            EXPECT_EQ(method, 0U) << name;
            content = std::string(stored);
        }
        EXPECT_EQ(crc32(0, reinterpret_cast<const Bytef*>(content.data()), static_cast<uInt>(content.size())), crc)
            << name;
        parts[name] = std::move(content);
        at += 46 + name_length + extra_length + comment_length;
    }
    return parts;
}

/// The parts of `table` exported as XLSX; fails the test when the export fails.
std::map<std::string, std::string> ExportAndUnzip(const Table& table) {
    auto xlsx = ToXlsx(table);
    if (!xlsx) {
        ADD_FAILURE() << xlsx.error().code << ": " << xlsx.error().message;
        return {};
    }
    EXPECT_THAT(*xlsx, StartsWith("PK\x03\x04"));
    return Unzip(*xlsx);
}

/// The element `<c r="ref" ...>...</c>` (or `<c r="ref" .../>`) of a sheet; "" when the cell is not there.
std::string CellElement(const std::string& sheet, std::string_view ref) {
    const auto start = sheet.find("<c r=\"" + std::string(ref) + "\"");
    if (start == std::string::npos) {
        return "";
    }
    const auto open_end = sheet.find('>', start);
    if (sheet.at(open_end - 1) == '/') {
        return sheet.substr(start, open_end + 1 - start);
    }
    const auto close = sheet.find("</c>", start);
    return sheet.substr(start, close + 4 - start);
}

/// The value of `name="..."` in an XML element; nullopt without it.
std::optional<std::string> Attribute(const std::string& element, std::string_view name) {
    const std::string key = " " + std::string(name) + "=\"";
    const auto start = element.find(key);
    if (start == std::string::npos) {
        return std::nullopt;
    }
    const auto value = start + key.size();
    return element.substr(value, element.find('"', value) - value);
}

/// The `<xf .../>` element of cellXfs a cell's s="n" points at.
std::string CellStyle(const std::map<std::string, std::string>& parts, const std::string& cell) {
    const std::string& styles = parts.at("xl/styles.xml");
    const int index = std::stoi(Attribute(cell, "s").value_or("0"));
    auto at = styles.find("<cellXfs");
    for (int i = 0; i <= index; ++i) {
        at = styles.find("<xf ", at + 1);
    }
    return styles.substr(at, styles.find('>', at) + 1 - at);
}

/// The number format of a cell, as its format code ("#,##0"), whether built into Excel or written in styles.xml.
std::string NumberFormat(const std::map<std::string, std::string>& parts, const std::string& cell) {
    const std::string id = Attribute(CellStyle(parts, cell), "numFmtId").value_or("0");
    const std::map<std::string, std::string> built_in = {{"0", "General"}, {"1", "0"}, {"2", "0.00"}, {"3", "#,##0"}};
    if (const auto found = built_in.find(id); found != built_in.end()) {
        return found->second;
    }
    const std::string& styles = parts.at("xl/styles.xml");
    const auto at = styles.find("<numFmt numFmtId=\"" + id + "\"");
    if (at == std::string::npos) {
        return "(no format " + id + ")";
    }
    return Attribute(styles.substr(at, styles.find("/>", at) - at), "formatCode").value_or("");
}

/// The nth `<tag ...>...</tag>` inside `<list ...>` of styles.xml (fonts, borders).
std::string StyleListItem(const std::map<std::string, std::string>& parts, std::string_view list, std::string_view tag,
                          int index) {
    const std::string& styles = parts.at("xl/styles.xml");
    auto at = styles.find("<" + std::string(list));
    for (int i = 0; i <= index; ++i) {
        at = styles.find("<" + std::string(tag) + ">", at + 1);
    }
    const std::string close = "</" + std::string(tag) + ">";
    return styles.substr(at, styles.find(close, at) + close.size() - at);
}

/// The text of a cell: its shared string, or its number.
std::string CellText(const std::map<std::string, std::string>& parts, const std::string& cell) {
    const auto v = cell.find("<v>");
    if (v == std::string::npos) {
        return "(no value)";
    }
    std::string value = cell.substr(v + 3, cell.find("</v>") - v - 3);
    if (Attribute(cell, "t") != "s") {
        return value;
    }
    const std::string& strings = parts.at("xl/sharedStrings.xml");
    std::size_t at = 0;
    for (int i = 0; i <= std::stoi(value); ++i) {
        at = strings.find("<t", at + 1);
    }
    const auto text = strings.find('>', at) + 1;
    return strings.substr(text, strings.find("</t>", text) - text);
}

/// Width of column `n` (1-based) as the sheet's <cols> sets it; nullopt when left at the default.
std::optional<double> ColumnWidth(const std::string& sheet, int n) {
    const auto at = sheet.find("<col min=\"" + std::to_string(n) + "\"");
    if (at == std::string::npos) {
        return std::nullopt;
    }
    return std::stod(Attribute(sheet.substr(at, sheet.find('>', at) - at), "width").value_or("0"));
}

/// Points TMPDIR at a fresh, empty directory for one test, then puts everything back.
class ScopedTmpDir {
public:
    ScopedTmpDir() {
        std::string pattern = (std::filesystem::temp_directory_path() / "layan-tables-test-XXXXXX").string();
        path_ = ::mkdtemp(pattern.data());
        if (const char* old = std::getenv("TMPDIR")) {
            old_ = old;
        }
        ::setenv("TMPDIR", path_.c_str(), 1);
    }
    ScopedTmpDir(const ScopedTmpDir&) = delete;
    ScopedTmpDir& operator=(const ScopedTmpDir&) = delete;
    ~ScopedTmpDir() {
        if (old_) {
            ::setenv("TMPDIR", old_->c_str(), 1);
        } else {
            ::unsetenv("TMPDIR");
        }
        std::filesystem::remove_all(path_);
    }
    [[nodiscard]] const std::filesystem::path& path() const { return path_; }
    [[nodiscard]] bool Empty() const { return std::filesystem::is_empty(path_); }

private:
    std::filesystem::path path_;
    std::optional<std::string> old_;
};

// --- XLSX ------------------------------------------------------------------------------------------------

TEST(TableXlsx, IsAZipHoldingAWorkbookWithOneSheetNamedAfterTheTable) {
    const auto parts = ExportAndUnzip(ServicesTable());
    for (const char* name : {"[Content_Types].xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml",
                             "xl/sharedStrings.xml", "xl/styles.xml"}) {
        EXPECT_TRUE(parts.contains(name)) << name;
    }
    EXPECT_FALSE(parts.contains("xl/worksheets/sheet2.xml"));
    EXPECT_THAT(parts.at("xl/workbook.xml"), HasSubstr("<sheet name=\"layanan\" sheetId=\"1\""));
}

TEST(TableXlsx, KeepsTheIndonesianTitleAndHeadersAsTheyAre) {
    const auto parts = ExportAndUnzip(ServicesTable());
    const std::string& sheet = parts.at("xl/worksheets/sheet1.xml");
    EXPECT_EQ(CellText(parts, CellElement(sheet, "A1")), "Kinerja per layanan, 1–30 November 2026");
    EXPECT_EQ(CellText(parts, CellElement(sheet, "A3")), "Layanan");
    EXPECT_EQ(CellText(parts, CellElement(sheet, "C3")), "Rata-rata tunggu (menit)");
    EXPECT_EQ(CellText(parts, CellElement(sheet, "D3")), "Kepuasan — IKM");
    EXPECT_EQ(CellText(parts, CellElement(sheet, "A5")), "KTP-el");
    EXPECT_THAT(parts.at("docProps/core.xml"),
                HasSubstr("<dc:title>Kinerja per layanan, 1–30 November 2026</dc:title>"));
}

TEST(TableXlsx, BoldsTheTitleAndTheUnderlinedHeadersAndFreezesThePanesBelowThem) {
    const auto parts = ExportAndUnzip(ServicesTable());
    const std::string& sheet = parts.at("xl/worksheets/sheet1.xml");

    const std::string title_style = CellStyle(parts, CellElement(sheet, "A1"));
    EXPECT_THAT(StyleListItem(parts, "fonts", "font", std::stoi(*Attribute(title_style, "fontId"))), HasSubstr("<b/>"));
    for (const char* ref : {"A3", "B3", "C3", "D3"}) {
        const std::string style = CellStyle(parts, CellElement(sheet, ref));
        EXPECT_THAT(StyleListItem(parts, "fonts", "font", std::stoi(*Attribute(style, "fontId"))), HasSubstr("<b/>"))
            << ref;
        EXPECT_THAT(StyleListItem(parts, "borders", "border", std::stoi(*Attribute(style, "borderId"))),
                    HasSubstr("<bottom style=\"thin\">"))
            << ref;
    }
    const std::string body_style = CellStyle(parts, CellElement(sheet, "A4"));
    EXPECT_THAT(StyleListItem(parts, "fonts", "font", std::stoi(*Attribute(body_style, "fontId"))),
                Not(HasSubstr("<b/>")));
    EXPECT_EQ(CellElement(sheet, "A2"), "");  // the blank row between the title and the headers

    EXPECT_THAT(sheet, HasSubstr("<pane ySplit=\"3\" topLeftCell=\"A4\" activePane=\"bottomLeft\" state=\"frozen\"/>"));
}

TEST(TableXlsx, StoresNumbersAsNumbersFormattedByKind) {
    const Table table{
        .name = "angka",
        .title = "",
        .headers = {"bulat", "desimal", "satu", "nol", "kosong"},
        .rows = {{1234567, 14.256, Cell::Decimal(87.6, 1), Cell::Decimal(3.7, 0), std::nan("")}},
    };
    const auto parts = ExportAndUnzip(table);
    const std::string& sheet = parts.at("xl/worksheets/sheet1.xml");

    const std::string integer = CellElement(sheet, "A4");
    EXPECT_EQ(Attribute(integer, "t"), std::nullopt);  // no t="s": a number
    EXPECT_EQ(CellText(parts, integer), "1234567");
    EXPECT_EQ(NumberFormat(parts, integer), "#,##0");

    const std::string decimal = CellElement(sheet, "B4");
    EXPECT_EQ(Attribute(decimal, "t"), std::nullopt);
    EXPECT_EQ(CellText(parts, decimal), "14.256");  // the full value; only its display is rounded
    EXPECT_EQ(NumberFormat(parts, decimal), "0.00");

    EXPECT_EQ(NumberFormat(parts, CellElement(sheet, "C4")), "0.0");
    EXPECT_EQ(NumberFormat(parts, CellElement(sheet, "D4")), "0");
    EXPECT_EQ(CellElement(sheet, "E4"), "");  // NaN has no XLSX form: an empty cell, not a corrupt file
}

TEST(TableXlsx, StoresTextThatLooksLikeAFormulaAsText) {
    const Table table{.name = "t", .title = "", .headers = {"teks"}, .rows = {{"=HYPERLINK(\"http://x\",\"klik\")"}}};
    const auto parts = ExportAndUnzip(table);
    const std::string cell = CellElement(parts.at("xl/worksheets/sheet1.xml"), "A4");
    EXPECT_EQ(Attribute(cell, "t"), "s");
    EXPECT_THAT(cell, Not(HasSubstr("<f>")));
    EXPECT_EQ(CellText(parts, cell), "=HYPERLINK(\"http://x\",\"klik\")");
}

TEST(TableXlsx, FitsColumnWidthsToTheirLongestContentUpToSixty) {
    const Table table{
        .name = "lebar",
        .title = "A title far longer than column A, which must not widen it: it spills over the empty cells",
        .headers = {"No", "Layanan", "Rata-rata tunggu (menit)", "Tiket"},
        .rows =
            {
                {1, std::string(100, 'x'), 1.5, 1234567},
                {2, "Paspor", 2.25, 12},
            },
    };
    const auto parts = ExportAndUnzip(table);
    const std::string& sheet = parts.at("xl/worksheets/sheet1.xml");
    // libxlsxwriter rounds a width to whole pixels and adds Excel's padding: allow a character's slack.
    const auto about = [](double width) { return AllOf(Ge(width), Le(width + 1)); };
    EXPECT_THAT(ColumnWidth(sheet, 1).value_or(0), about(8.43));  // never narrower than Excel's default
    EXPECT_THAT(ColumnWidth(sheet, 2).value_or(0), about(60));
    EXPECT_THAT(ColumnWidth(sheet, 3).value_or(0), about(24 * 1.1));
    EXPECT_THAT(ColumnWidth(sheet, 4).value_or(0), about(9 * 1.1));  // "1,234,567", as "#,##0" shows it
}

TEST(TableXlsx, EmptyTableHasItsTitleAndHeadersOnly) {
    const Table table{.name = "kosong", .title = "Tidak ada data", .headers = {"Layanan", "Tiket"}, .rows = {}};
    const auto parts = ExportAndUnzip(table);
    const std::string& sheet = parts.at("xl/worksheets/sheet1.xml");
    EXPECT_EQ(CellText(parts, CellElement(sheet, "B3")), "Tiket");
    EXPECT_THAT(sheet, HasSubstr("<dimension ref=\"A1:B3\"/>"));
}

TEST(TableXlsx, WritesTenThousandRows) {
    Table table{.name = "tiket", .title = "Semua tiket", .headers = {"Nomor", "Layanan", "Tunggu (menit)"}, .rows = {}};
    for (int i = 0; i < 10'000; ++i) {
        table.rows.push_back({i + 1, i % 2 == 0 ? "Paspor" : "KTP-el", Cell::Decimal(i / 7.0, 1)});
    }
    const auto parts = ExportAndUnzip(table);
    const std::string& sheet = parts.at("xl/worksheets/sheet1.xml");
    EXPECT_THAT(sheet, HasSubstr("<dimension ref=\"A1:C10003\"/>"));
    EXPECT_EQ(CellText(parts, CellElement(sheet, "A10003")), "10000");
    EXPECT_EQ(CellText(parts, CellElement(sheet, "B10003")), "KTP-el");
    EXPECT_EQ(CellText(parts, CellElement(sheet, "C10003")), "1428.428571428571");  // 9999 / 7
}

TEST(TableXlsx, RefusesANameExcelCannotUseAsASheetName) {
    for (const char* name : {"", "a/b", "laporan[1]", "nama-yang-lebih-panjang-dari-31-huruf"}) {
        Table table = ServicesTable();
        table.name = name;
        const auto xlsx = ToXlsx(table);
        ASSERT_FALSE(xlsx) << name;
        EXPECT_EQ(xlsx.error().kind, core::ErrorKind::kInternal);
        EXPECT_EQ(xlsx.error().code, "export_failed");
    }
}

TEST(TableXlsx, RefusesTextLongerThanExcelAllowsNamingTheCell) {
    Table table = ServicesTable();
    table.rows[1][0] = std::string(32'768, 'x');
    const auto xlsx = ToXlsx(table);
    ASSERT_FALSE(xlsx);
    EXPECT_EQ(xlsx.error().code, "export_failed");
    EXPECT_THAT(xlsx.error().message, HasSubstr("row 5, column 1"));
}

TEST(TableXlsx, DeletesItsTemporaryFilesWhetherItSucceedsOrFails) {
    const ScopedTmpDir tmp;
    EXPECT_TRUE(ToXlsx(ServicesTable()));
    EXPECT_TRUE(tmp.Empty());
    Table bad = ServicesTable();
    bad.rows[0][0] = std::string(32'768, 'x');
    EXPECT_FALSE(ToXlsx(bad));
    EXPECT_TRUE(tmp.Empty());
}

TEST(TableXlsx, FailsClearlyWhenThereIsNoTemporaryDirectory) {
    const ScopedTmpDir tmp;
    ::setenv("TMPDIR", (tmp.path() / "missing").c_str(), 1);
    const auto xlsx = ToXlsx(ServicesTable());
    ASSERT_FALSE(xlsx);
    EXPECT_EQ(xlsx.error().kind, core::ErrorKind::kInternal);
    EXPECT_EQ(xlsx.error().code, "export_failed");
    EXPECT_THAT(xlsx.error().message, HasSubstr("temporary"));
}

}  // namespace
}  // namespace layan::api
