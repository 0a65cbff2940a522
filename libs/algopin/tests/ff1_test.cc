#include <catch2/catch.hpp>

#include "keyway/algopin/ff1.h"
#include "keyway/core/random.h"

using namespace keyway::algopin;

namespace {

std::string Hex(const std::string& hex) {
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  }
  return out;
}

struct Sample {
  int number;
  const char* key;
  const char* tweak;
  uint32_t radix;
  const char* plaintext;
  const char* ciphertext;
};

// Every FF1 sample of NIST's "Examples with Intermediate Values" for SP 800-38G.
const Sample kSamples[] = {
    {1, "2B7E151628AED2A6ABF7158809CF4F3C", "", 10, "0123456789", "2433477484"},
    {2, "2B7E151628AED2A6ABF7158809CF4F3C", "39383736353433323130", 10, "0123456789", "6124200773"},
    {3, "2B7E151628AED2A6ABF7158809CF4F3C", "3737373770717273373737", 36, "0123456789abcdefghi",
     "a9tv40mll9kdu509eum"},
    {4, "2B7E151628AED2A6ABF7158809CF4F3CEF4359D8D580AA4F", "", 10, "0123456789", "2830668132"},
    {5, "2B7E151628AED2A6ABF7158809CF4F3CEF4359D8D580AA4F", "39383736353433323130", 10,
     "0123456789", "2496655549"},
    {6, "2B7E151628AED2A6ABF7158809CF4F3CEF4359D8D580AA4F", "3737373770717273373737", 36,
     "0123456789abcdefghi", "xbj3kv35jrawxv32ysr"},
    {7, "2B7E151628AED2A6ABF7158809CF4F3CEF4359D8D580AA4F7F036D6F04FC6A94", "", 10, "0123456789",
     "6657667009"},
    {8, "2B7E151628AED2A6ABF7158809CF4F3CEF4359D8D580AA4F7F036D6F04FC6A94",
     "39383736353433323130", 10, "0123456789", "1001623463"},
    {9, "2B7E151628AED2A6ABF7158809CF4F3CEF4359D8D580AA4F7F036D6F04FC6A94",
     "3737373770717273373737", 36, "0123456789abcdefghi", "xs8a0azh2avyalyzuwd"},
};

}  // namespace

TEST_CASE("A2: FF1 matches every NIST SP 800-38G sample, both ways") {
  for (const auto& s : kSamples) {
    INFO("NIST FF1 sample " << s.number);
    auto ff1 = Ff1::Create(Hex(s.key), s.radix);
    REQUIRE(ff1.ok());
    auto pt = ParseNumerals(s.plaintext, s.radix);
    REQUIRE(pt.ok());
    auto ct = ff1->Encrypt(Hex(s.tweak), *pt);
    REQUIRE(ct.ok());
    CHECK(FormatNumerals(*ct) == s.ciphertext);
    auto back = ff1->Decrypt(Hex(s.tweak), *ct);
    REQUIRE(back.ok());
    CHECK(FormatNumerals(*back) == s.plaintext);
  }
}

TEST_CASE("FF1 round-trips random decimal strings and changes them") {
  auto ff1 = Ff1::Create(keyway::core::RandomBytes(32), 10);
  REQUIRE(ff1.ok());
  int unchanged = 0;
  for (int i = 0; i < 200; ++i) {
    Numerals x(6 + i % 7);
    for (auto& d : x) d = keyway::core::RandomBelow(10);
    std::string tweak = keyway::core::RandomBytes(i % 20);
    auto ct = ff1->Encrypt(tweak, x);
    REQUIRE(ct.ok());
    CHECK(ct->size() == x.size());
    unchanged += *ct == x;
    CHECK(*ff1->Decrypt(tweak, *ct) == x);
  }
  CHECK(unchanged < 3);
}

TEST_CASE("FF1 refuses bad keys, radixes, numerals and too-small domains") {
  CHECK_FALSE(Ff1::Create("short", 10).ok());
  CHECK_FALSE(Ff1::Create(std::string(16, 'k'), 1).ok());
  auto ff1 = Ff1::Create(std::string(16, 'k'), 10);
  REQUIRE(ff1.ok());
  CHECK(ff1->min_length() == 6);  // 10^6 is the smallest domain allowed
  CHECK(ff1->Encrypt("", Numerals{1, 2, 3, 4, 5}).status().code() ==
        absl::StatusCode::kInvalidArgument);
  CHECK(ff1->Encrypt("", Numerals{1, 2, 3, 4, 5, 10}).status().code() ==
        absl::StatusCode::kInvalidArgument);
  CHECK_FALSE(ParseNumerals("12x", 10).ok());
}
