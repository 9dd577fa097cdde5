// Media types judged by content (store/files/media_type.h), on small documents built here byte by byte.

#include "layan/store/files/media_type.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>

namespace layan::store::files {
namespace {

/// A one-page PDF with a correct cross-reference table.
std::string MinimalPdf() {
    std::string pdf = "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n";
    const std::array<std::string, 3> objects = {
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    };
    std::vector<std::size_t> offsets;
    for (std::size_t i = 0; i < objects.size(); ++i) {
        offsets.push_back(pdf.size());
        pdf += fmt::format("{} 0 obj\n{}\nendobj\n", i + 1, objects[i]);
    }
    auto xref = pdf.size();
    pdf += fmt::format("xref\n0 {}\n0000000000 65535 f \n", objects.size() + 1);
    for (auto offset : offsets) {
        pdf += fmt::format("{:010} 00000 n \n", offset);
    }
    pdf += fmt::format("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{}\n%%EOF\n", objects.size() + 1, xref);
    return pdf;
}

std::uint32_t Crc32(std::string_view bytes) {
    std::uint32_t crc = 0xffffffffu;
    for (char c : bytes) {
        crc ^= static_cast<unsigned char>(c);
        for (int bit = 0; bit < 8; ++bit) {
            crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
        }
    }
    return ~crc;
}

std::string BigEndian32(std::uint32_t value) {
    return {static_cast<char>(value >> 24), static_cast<char>(value >> 16), static_cast<char>(value >> 8),
            static_cast<char>(value)};
}

std::string PngChunk(std::string_view type, std::string_view data) {
    std::string typed = std::string(type).append(data);
    return BigEndian32(static_cast<std::uint32_t>(data.size())) + typed + BigEndian32(Crc32(typed));
}

/// The PNG signature, the header of a 1×1 true-colour image and the end chunk.
std::string MinimalPng() {
    std::string header = BigEndian32(1) + BigEndian32(1) + std::string("\x08\x02\x00\x00\x00", 5);
    return std::string("\x89PNG\r\n\x1a\n", 8) + PngChunk("IHDR", header) + PngChunk("IEND", "");
}

/// Start of image, a JFIF APP0 segment (version 1.1, 1:1 aspect) and end of image.
std::string MinimalJpeg() {
    return std::string("\xff\xd8", 2) +
           std::string("\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00", 18) + std::string("\xff\xd9", 2);
}

constexpr std::string_view kHtml =
    "<!DOCTYPE html>\n<html lang=\"id\"><head><title>Surat Keterangan</title></head>\n"
    "<body><p>Bukan dokumen PDF.</p><script>location='https://example.org'</script></body></html>\n";

TEST(MediaType, RecognisesTheDocumentsCitizensUpload) {
    EXPECT_EQ(DetectMediaType(MinimalPdf()), "application/pdf");
    EXPECT_EQ(DetectMediaType(MinimalPng()), "image/png");
    EXPECT_EQ(DetectMediaType(MinimalJpeg()), "image/jpeg");
}

TEST(MediaType, JudgesBytesNotWhatTheyClaimToBe) {
    // What a browser would send as "ktp.pdf" with Content-Type application/pdf: the name and the claim never
    // reach the detector, and the bytes say what the file is.
    EXPECT_EQ(DetectMediaType("Ini hanya teks biasa, bukan PDF.\nBaris kedua.\n"), "text/plain");
    EXPECT_EQ(DetectMediaType(kHtml), "text/html");
    // A PNG renamed .jpg is still a PNG.
    EXPECT_EQ(DetectMediaType(MinimalPng()), "image/png");
}

TEST(MediaType, JudgesOnlyTheFirst64KiB) {
    const std::string binary("\x00\x01\x02\x03\x80\xff\xfe", 7);
    EXPECT_EQ(DetectMediaType(std::string(kMediaTypeSniffBytes, 'a') + binary), "text/plain");
    EXPECT_EQ(DetectMediaType(std::string(kMediaTypeSniffBytes - 1, 'a') + binary), "application/octet-stream");
    // A document longer than that keeps its type: its signature is at the start.
    EXPECT_EQ(DetectMediaType(MinimalPng() + std::string(kMediaTypeSniffBytes * 2, '\0')), "image/png");
}

TEST(MediaType, NoBytesAndUnknownBytesHaveTheirOwnTypes) {
    EXPECT_EQ(DetectMediaType(""), "application/x-empty");
    EXPECT_EQ(DetectMediaType(std::string("\x00\x01\x02\x03\x04\x05\x06\x07\x80\xff", 10)), "application/octet-stream");
}

TEST(MediaType, AnyInputGivesAMediaTypeWithoutThrowing) {
    std::mt19937 random(20261205);
    std::vector<std::string> inputs;
    // Every prefix of the sample documents: truncated uploads.
    for (const auto& document : {MinimalPdf(), MinimalPng(), MinimalJpeg()}) {
        for (std::size_t size = 0; size <= document.size(); ++size) {
            inputs.push_back(document.substr(0, size));
        }
    }
    // Seeded random bytes of random sizes, some behind a real signature.
    for (int i = 0; i < 200; ++i) {
        std::string bytes(random() % 20'000, '\0');
        for (auto& byte : bytes) {
            byte = static_cast<char>(random() & 0xff);
        }
        inputs.push_back(i % 3 == 0 ? bytes : (i % 3 == 1 ? "%PDF-1.7\n" + bytes : MinimalJpeg().substr(0, 6) + bytes));
    }
    for (const auto& input : inputs) {
        std::string type;
        ASSERT_NO_THROW(type = DetectMediaType(input)) << input.size();
        EXPECT_NE(type.find('/'), std::string::npos) << type;
    }
}

TEST(MediaType, ThreadsDetectConcurrently) {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {MinimalPdf(), "application/pdf"},
        {MinimalPng(), "image/png"},
        {MinimalJpeg(), "image/jpeg"},
        {std::string(kHtml), "text/html"},
    };
    std::vector<int> wrong(4, 0);
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < 100; ++i) {
                const auto& [bytes, type] = cases[static_cast<std::size_t>(i + t) % cases.size()];
                wrong[static_cast<std::size_t>(t)] += DetectMediaType(bytes) != type ? 1 : 0;
            }
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    EXPECT_EQ(wrong, std::vector<int>(4, 0));
}

}  // namespace
}  // namespace layan::store::files
