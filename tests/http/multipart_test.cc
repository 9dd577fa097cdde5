// multipart/form-data bodies (http/multipart.h): what browsers send, and every way a body is refused.

#include "layan/http/multipart.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace layan::http {
namespace {

constexpr std::string_view kBoundary = "----WebKitFormBoundary7MA4YWxkTrZu0gW";
const std::string kContentType = "multipart/form-data; boundary=" + std::string(kBoundary);

/// One part as a test writes it: its header lines and its bytes.
struct RawPart {
    std::string headers;  // Each line ending in CRLF.
    std::string data;
};

std::string Body(const std::vector<RawPart>& parts, std::string_view boundary = kBoundary) {
    std::string body;
    for (const auto& part : parts) {
        body.append("--").append(boundary).append("\r\n").append(part.headers).append("\r\n").append(part.data);
        body.append("\r\n");
    }
    return body.append("--").append(boundary).append("--\r\n");
}

RawPart Field(std::string_view name, std::string_view value) {
    return {"Content-Disposition: form-data; name=\"" + std::string(name) + "\"\r\n", std::string(value)};
}

RawPart File(std::string_view name, std::string_view file_name, std::string_view type, std::string_view data) {
    return {"Content-Disposition: form-data; name=\"" + std::string(name) + "\"; filename=\"" + std::string(file_name) +
                "\"\r\nContent-Type: " + std::string(type) + "\r\n",
            std::string(data)};
}

/// The error of a body that must be refused.
core::Error Refusal(std::string_view content_type, std::string_view body,
                    std::size_t max_parts = kDefaultMaxFormParts) {
    auto parsed = ParseMultipart(content_type, body, max_parts);
    EXPECT_FALSE(parsed) << "accepted a body that must be refused";
    if (parsed) {
        return {};
    }
    EXPECT_EQ(parsed.error().kind, core::ErrorKind::kInvalid);
    EXPECT_EQ(parsed.error().code, "multipart_invalid");
    EXPECT_FALSE(parsed.error().message.empty());
    return parsed.error();
}

core::Error Refusal(std::string_view body) { return Refusal(kContentType, body); }

bool Mentions(const core::Error& error, std::string_view words) {
    return error.message.find(words) != std::string::npos;
}

TEST(Multipart, ReadsWhatABrowserSendsForTwoFilesAndAField) {
    // Bytes that look like the framing: CRLF, "--", an empty line, the start of the boundary and a boundary that
    // differs only in its last character, each after CRLF "--"; NUL and 0xff.
    const std::string near_boundary = std::string(kBoundary.substr(0, kBoundary.size() - 1)) + "Q";
    const std::string pdf = "%PDF-1.4\r\n--\r\n\r\n\r\n--" + std::string(kBoundary.substr(0, 20)) +
                            std::string("\0\xff--\r\n", 6) + "\r\n--" + near_boundary + "--\r\nend";
    const std::string jpeg("\xff\xd8\xff\xe0\r\n--\r\n\0\xff\xd9", 13);
    auto body = Body({Field("service", "KTP-EL"), File("ktp", "scan ktp.pdf", "application/pdf", pdf),
                      File("kk", "kartu keluarga.jpg", "image/jpeg", jpeg)});
    auto parts = ParseMultipart(kContentType, body);
    ASSERT_TRUE(parts) << parts.error().message;
    ASSERT_EQ(parts->size(), 3u);
    EXPECT_EQ((*parts)[0].name, "service");
    EXPECT_EQ((*parts)[0].file_name, std::nullopt);
    EXPECT_EQ((*parts)[0].content_type, "text/plain");
    EXPECT_EQ((*parts)[0].data, "KTP-EL");
    EXPECT_EQ((*parts)[1].name, "ktp");
    EXPECT_EQ((*parts)[1].file_name, "scan ktp.pdf");
    EXPECT_EQ((*parts)[1].content_type, "application/pdf");
    EXPECT_EQ((*parts)[1].data, pdf);
    EXPECT_EQ((*parts)[2].name, "kk");
    EXPECT_EQ((*parts)[2].file_name, "kartu keluarga.jpg");
    EXPECT_EQ((*parts)[2].content_type, "image/jpeg");
    EXPECT_EQ((*parts)[2].data, jpeg);
}

TEST(Multipart, ReadsTheBoundaryQuotedOrNotWhateverTheCaseOfTheMediaType) {
    auto body = Body({Field("a", "1")}, "a b:c=d?e");
    auto quoted = ParseMultipart("Multipart/Form-Data; charset=utf-8; BOUNDARY=\"a b:c=d?e\"", body);
    ASSERT_TRUE(quoted) << quoted.error().message;
    EXPECT_EQ(quoted->at(0).data, "1");

    auto token = ParseMultipart("multipart/form-data;boundary=simple-token;", Body({Field("a", "2")}, "simple-token"));
    ASSERT_TRUE(token) << token.error().message;
    EXPECT_EQ(token->at(0).data, "2");

    std::string longest(70, 'b');
    auto seventy = ParseMultipart("multipart/form-data; boundary=" + longest, Body({Field("a", "3")}, longest));
    ASSERT_TRUE(seventy) << seventy.error().message;
    EXPECT_EQ(seventy->at(0).data, "3");
}

TEST(Multipart, KeepsFileNamesAsSent) {
    auto body = Body({
        File("a", R"(C:\Users\ani\Documents\ktp.pdf)", "application/pdf", "x"),  // An old browser's full path.
        File("b", "a%22b%0A.pdf", "application/pdf", "x"),                       // WHATWG percent-encoding.
        File("c", R"(say \"hi\" \\ back.pdf)", "application/pdf", "x"),          // Quoted-pairs (curl before 7.81).
        File("d", "Kartu Keluarga \xe2\x80\x93 Ani.pdf", "application/pdf", "x"),
        File("e", "../../etc/passwd", "application/pdf", "x"),
        File("f", "", "application/octet-stream", ""),  // A file input left empty.
    });
    auto parts = ParseMultipart(kContentType, body);
    ASSERT_TRUE(parts) << parts.error().message;
    ASSERT_EQ(parts->size(), 6u);
    EXPECT_EQ((*parts)[0].file_name, R"(C:\Users\ani\Documents\ktp.pdf)");
    EXPECT_EQ((*parts)[1].file_name, "a%22b%0A.pdf");
    EXPECT_EQ((*parts)[2].file_name, R"(say "hi" \ back.pdf)");
    EXPECT_EQ((*parts)[3].file_name, "Kartu Keluarga \xe2\x80\x93 Ani.pdf");
    EXPECT_EQ((*parts)[4].file_name, "../../etc/passwd");
    EXPECT_EQ((*parts)[5].file_name, "");
    EXPECT_EQ((*parts)[5].data, "");
}

TEST(Multipart, ParametersMayComeInAnyOrderUnquotedAndOthersAreIgnored) {
    auto body =
        Body({{"content-disposition: FORM-DATA; filename=scan.png ; name=photo; filename*=UTF-8''x.png\r\n"
               "X-Ignored: yes\r\n"
               "content-type:image/png\r\n"
               "Content-Transfer-Encoding: binary\r\n",
               "\x89PNG"}});
    auto parts = ParseMultipart(kContentType, body);
    ASSERT_TRUE(parts) << parts.error().message;
    ASSERT_EQ(parts->size(), 1u);
    EXPECT_EQ((*parts)[0].name, "photo");
    EXPECT_EQ((*parts)[0].file_name, "scan.png");
    EXPECT_EQ((*parts)[0].content_type, "image/png");
    EXPECT_EQ((*parts)[0].data, "\x89PNG");
}

TEST(Multipart, IgnoresPreambleEpilogueAndPaddingAfterBoundaries) {
    std::string body = "This is the preamble.\r\n--" + std::string(kBoundary) + " \t\r\n" +
                       "Content-Disposition: form-data; name=\"a\"\r\n\r\none\r\n--" + std::string(kBoundary) +
                       "\t\r\nContent-Disposition: form-data; name=\"b\"\r\n\r\ntwo\r\n--" + std::string(kBoundary) +
                       "--  \r\nThis is the epilogue, with --" + std::string(kBoundary) + " in it.";
    auto parts = ParseMultipart(kContentType, body);
    ASSERT_TRUE(parts) << parts.error().message;
    ASSERT_EQ(parts->size(), 2u);
    EXPECT_EQ((*parts)[0].data, "one");
    EXPECT_EQ((*parts)[1].data, "two");
}

TEST(Multipart, AnEmptyFormHasNoParts) {
    auto parts = ParseMultipart(kContentType, "--" + std::string(kBoundary) + "--\r\n");
    ASSERT_TRUE(parts) << parts.error().message;
    EXPECT_TRUE(parts->empty());
}

TEST(Multipart, RefusesAnotherMediaType) {
    auto body = Body({Field("a", "1")});
    EXPECT_TRUE(Mentions(Refusal("application/json", body), "multipart/form-data"));
    Refusal("application/x-www-form-urlencoded", "a=1");
    Refusal("multipart/mixed; boundary=" + std::string(kBoundary), body);
    Refusal("", body);
}

TEST(Multipart, RefusesAMissingOrMalformedBoundary) {
    auto body = Body({Field("a", "1")});
    EXPECT_TRUE(Mentions(Refusal("multipart/form-data", body), "boundary"));
    Refusal("multipart/form-data; charset=utf-8", body);
    Refusal("multipart/form-data; boundary=\"\"", body);
    Refusal("multipart/form-data; boundary=", body);
    std::string too_long(71, 'b');
    Refusal("multipart/form-data; boundary=" + too_long, Body({Field("a", "1")}, too_long));
    Refusal("multipart/form-data; boundary=\"a;b\"", Body({Field("a", "1")}, "a;b"));
    Refusal("multipart/form-data; boundary=\"ends with space \"", Body({Field("a", "1")}, "ends with space "));
    Refusal("multipart/form-data; boundary=x; boundary=x", Body({Field("a", "1")}, "x"));
    Refusal("multipart/form-data; boundary=\"unterminated", body);
    Refusal("multipart/form-data; boundary=x y", Body({Field("a", "1")}, "x"));
}

TEST(Multipart, RefusesABodyWithoutTheAnnouncedBoundary) {
    auto error = Refusal(Body({Field("a", "1")}, "another-boundary"));
    EXPECT_TRUE(Mentions(error, "boundary"));
    Refusal("");
    Refusal("just some bytes");
}

TEST(Multipart, RefusesABodyCutShort) {
    auto body = Body({Field("a", "1"), File("f", "scan.pdf", "application/pdf", "%PDF-1.4 lots of bytes")});
    auto close = body.rfind("--\r\n");
    // Cut inside the second file, right after its last byte, inside the last boundary line, before its "--".
    for (auto cut : {body.size() - 30, close - std::string(kBoundary).size() - 2, close - 3, close, close + 1}) {
        auto error = Refusal(body.substr(0, cut));
        EXPECT_TRUE(Mentions(error, "cut short")) << cut << ": " << error.message;
    }
    auto headers = body.find("filename");
    EXPECT_EQ(Refusal(body.substr(0, headers)).details, nlohmann::json({{"part", 2}}));
}

TEST(Multipart, RefusesEveryPrefixOfABodyAndAcceptsItOnceItIsWhole) {
    auto body = Body({Field("service", "KTP"), File("ktp", "ktp.pdf", "application/pdf", "%PDF\r\n--\r\nbytes")});
    auto whole = ParseMultipart(kContentType, body);
    ASSERT_TRUE(whole);
    // The closing "--" ends the form; the CRLF after it is epilogue.
    auto end = body.size() - 2;
    for (std::size_t size = 0; size < body.size(); ++size) {
        auto parsed = ParseMultipart(kContentType, body.substr(0, size));
        if (size < end) {
            EXPECT_FALSE(parsed) << size;
        } else {
            ASSERT_TRUE(parsed) << size;
            ASSERT_EQ(parsed->size(), whole->size());
            EXPECT_EQ(parsed->at(1).data, whole->at(1).data);
        }
    }
}

TEST(Multipart, RefusesOtherCharactersAfterABoundary) {
    auto body = Body({Field("a", "1"), Field("b", "2")});
    auto second = body.find("--" + std::string(kBoundary), 1) + 2 + kBoundary.size();
    EXPECT_TRUE(Mentions(Refusal(body.insert(second, "x")), "followed by"));
    auto first = Body({Field("a", "1")});
    Refusal(first.insert(2 + kBoundary.size(), "-x"));
}

TEST(Multipart, RefusesAPartWithoutAName) {
    auto error = Refusal(Body({Field("a", "1"), {"Content-Disposition: form-data; filename=\"x.pdf\"\r\n", "x"}}));
    EXPECT_TRUE(Mentions(error, "name"));
    EXPECT_EQ(error.details, nlohmann::json({{"part", 2}}));
    Refusal(Body({Field("", "1")}));
    Refusal(Body({{"Content-Disposition: form-data\r\n", "x"}}));
}

TEST(Multipart, RefusesAPartWithoutAFormDataDisposition) {
    EXPECT_TRUE(Mentions(Refusal(Body({{"Content-Type: text/plain\r\n", "x"}})), "Content-Disposition"));
    Refusal(Body({{"", "no headers at all"}}));
    Refusal(Body({{"Content-Disposition: attachment; name=\"a\"\r\n", "x"}}));
    Refusal(Body({{"Content-Disposition: form-data; name\r\n", "x"}}));
    Refusal(Body({{"Content-Disposition: form-data; name=\"a\" trailing\r\n", "x"}}));
    Refusal(Body({{"Content-Disposition: form-data; name=\"unterminated\r\n", "x"}}));
}

TEST(Multipart, RefusesHeaderLinesLongerThanTheLimit) {
    std::string long_name(kMaxPartHeaderBytes, 'n');
    auto error = Refusal(Body({Field("a", "1"), File("f", long_name + ".pdf", "application/pdf", "x")}));
    EXPECT_TRUE(Mentions(error, "longer than"));
    EXPECT_EQ(error.details, nlohmann::json({{"part", 2}}));
    // Many short lines count together.
    std::string many;
    for (int i = 0; i < 1000; ++i) {
        many += "X-Filler: 0123456789\r\n";
    }
    Refusal(Body({{many + "Content-Disposition: form-data; name=\"a\"\r\n", "x"}}));
    // Just within the limit is fine.
    std::string fits = "Content-Disposition: form-data; name=\"a\"\r\nX-Pad: ";
    fits += std::string(kMaxPartHeaderBytes - fits.size() - 4, 'p') + "\r\n";
    auto parsed = ParseMultipart(kContentType, Body({{fits, "x"}}));
    ASSERT_TRUE(parsed) << parsed.error().message;
    EXPECT_EQ(parsed->at(0).data, "x");
}

TEST(Multipart, RefusesMalformedHeaderLines) {
    auto part = Field("a", "1");
    Refusal(Body({{part.headers + "no colon here\r\n", "x"}}));
    Refusal(Body({{part.headers + " folded: continuation\r\n", "x"}}));
    Refusal(Body({{part.headers + "Bad Name: x\r\n", "x"}}));
    Refusal(Body({{part.headers + ": no name\r\n", "x"}}));
    Refusal(Body({{part.headers + std::string("X-Nul: a\0b\r\n", 12), "x"}}));
    Refusal(Body({{"Content-Disposition: form-data; name=\"a\r\"\r\n", "x"}}));
    // Bare LF line ends, as a hand-written client might send.
    Refusal("--" + std::string(kBoundary) + "\nContent-Disposition: form-data; name=\"a\"\n\nx\n--" +
            std::string(kBoundary) + "--\n");
}

TEST(Multipart, RefusesAHeaderGivenTwice) {
    auto part = File("f", "a.pdf", "application/pdf", "x");
    EXPECT_TRUE(Mentions(Refusal(Body({{part.headers + "Content-Type: image/png\r\n", "x"}})), "twice"));
    Refusal(Body({{part.headers + "Content-Disposition: form-data; name=\"g\"\r\n", "x"}}));
    Refusal(Body({{"Content-Disposition: form-data; name=\"a\"; name=\"b\"\r\n", "x"}}));
    Refusal(Body({{"Content-Disposition: form-data; name=\"a\"; filename=\"x\"; filename=\"y\"\r\n", "x"}}));
}

TEST(Multipart, RefusesATransferEncoding) {
    auto part = File("f", "a.pdf", "application/pdf", "JVBERi0xLjQ=");
    EXPECT_TRUE(
        Mentions(Refusal(Body({{part.headers + "Content-Transfer-Encoding: base64\r\n", part.data}})), "base64"));
    Refusal(Body({{part.headers + "Content-Transfer-Encoding: quoted-printable\r\n", part.data}}));
}

TEST(Multipart, RefusesMorePartsThanTheLimit) {
    std::vector<RawPart> three = {Field("a", "1"), Field("b", "2"), Field("c", "3")};
    auto error = Refusal(kContentType, Body(three), 2);
    EXPECT_TRUE(Mentions(error, "more than 2 parts"));
    auto parsed = ParseMultipart(kContentType, Body(three), 3);
    ASSERT_TRUE(parsed);
    EXPECT_EQ(parsed->size(), 3u);
    std::vector<RawPart> many(kDefaultMaxFormParts + 1, Field("a", "1"));
    Refusal(Body(many));
}

TEST(Multipart, RoundTripsRandomBinaryFiles) {
    std::mt19937 random(11);
    for (int round = 0; round < 200; ++round) {
        std::string boundary = "----layan" + std::to_string(random());
        std::vector<std::string> files;
        std::vector<RawPart> raw;
        for (std::size_t i = 0, count = 1 + random() % 4; i < count; ++i) {
            std::string data(random() % 3000, '\0');
            for (auto& byte : data) {
                // Mostly the framing's own characters, so that near-delimiters are common.
                static constexpr std::string_view kAlphabet("\r\n-\0x", 5);
                byte = random() % 2 == 0 ? kAlphabet[random() % kAlphabet.size()] : static_cast<char>(random());
            }
            files.push_back(data);
            raw.push_back(File("file" + std::to_string(i), "f.bin", "application/octet-stream", data));
        }
        auto parsed = ParseMultipart("multipart/form-data; boundary=" + boundary, Body(raw, boundary));
        ASSERT_TRUE(parsed) << round << ": " << parsed.error().message;
        ASSERT_EQ(parsed->size(), files.size()) << round;
        for (std::size_t i = 0; i < files.size(); ++i) {
            EXPECT_EQ((*parsed)[i].data, files[i]) << round << " part " << i;
        }
    }
}

}  // namespace
}  // namespace layan::http
