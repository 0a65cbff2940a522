#include "keyway/algopin/ff1.h"

#include <openssl/bn.h>
#include <openssl/evp.h>

#include <array>
#include <cstring>
#include <stdexcept>

#include "absl/strings/str_cat.h"

namespace keyway::algopin {
namespace {

using Block = std::array<uint8_t, 16>;

struct BnDeleter {
  void operator()(BIGNUM* b) const { BN_free(b); }
};
struct BnCtxDeleter {
  void operator()(BN_CTX* c) const { BN_CTX_free(c); }
};
using Bn = std::unique_ptr<BIGNUM, BnDeleter>;
using BnCtx = std::unique_ptr<BN_CTX, BnCtxDeleter>;

Bn NewBn() {
  Bn b(BN_new());
  if (!b) throw std::bad_alloc();
  return b;
}

// NUM_radix(X): the number the numerals denote, most significant first.
Bn NumRadix(const Numerals& x, size_t from, size_t to, uint32_t radix) {
  Bn n = NewBn();
  BN_zero(n.get());
  for (size_t i = from; i < to; ++i) {
    BN_mul_word(n.get(), radix);
    BN_add_word(n.get(), x[i]);
  }
  return n;
}

// STR^m_radix(n): n as exactly m numerals.
Numerals StrRadix(const BIGNUM* n, size_t m, uint32_t radix) {
  Bn v(BN_dup(n));
  Numerals out(m, 0);
  for (size_t i = m; i-- > 0;) out[i] = static_cast<uint32_t>(BN_div_word(v.get(), radix));
  return out;
}

// radix^m
Bn Power(uint32_t radix, size_t m, BN_CTX* ctx) {
  Bn r = NewBn(), e = NewBn(), p = NewBn();
  BN_set_word(r.get(), radix);
  BN_set_word(e.get(), m);
  BN_exp(p.get(), r.get(), e.get(), ctx);
  return p;
}

void PutBigEndian(std::string& out, uint64_t value, int bytes) {
  for (int i = bytes - 1; i >= 0; --i) out.push_back(static_cast<char>((value >> (8 * i)) & 0xff));
}

}  // namespace

// AES in ECB mode: CIPH_K of the standard, one block at a time.
struct Ff1::Cipher {
  EVP_CIPHER_CTX* ctx = nullptr;
  ~Cipher() { EVP_CIPHER_CTX_free(ctx); }
  Block Encrypt(const Block& in) const {
    Block out;
    int len = 0;
    if (EVP_EncryptUpdate(ctx, out.data(), &len, in.data(), 16) != 1 || len != 16) {
      throw std::runtime_error("AES failed");
    }
    return out;
  }
  // PRF: CBC-MAC with a zero IV over whole blocks.
  Block Prf(const std::string& data) const {
    Block y{};
    for (size_t off = 0; off < data.size(); off += 16) {
      for (int j = 0; j < 16; ++j) y[j] ^= static_cast<uint8_t>(data[off + j]);
      y = Encrypt(y);
    }
    return y;
  }
};

absl::StatusOr<Ff1> Ff1::Create(const std::string& key, uint32_t radix) {
  const EVP_CIPHER* aes = key.size() == 16   ? EVP_aes_128_ecb()
                          : key.size() == 24 ? EVP_aes_192_ecb()
                          : key.size() == 32 ? EVP_aes_256_ecb()
                                             : nullptr;
  if (aes == nullptr) return absl::InvalidArgumentError("an FF1 key is 16, 24 or 32 bytes");
  if (radix < 2 || radix > 65536) return absl::InvalidArgumentError("FF1 radix is 2 to 65536");
  auto cipher = std::make_unique<Cipher>();
  cipher->ctx = EVP_CIPHER_CTX_new();
  if (cipher->ctx == nullptr ||
      EVP_EncryptInit_ex(cipher->ctx, aes, nullptr,
                         reinterpret_cast<const unsigned char*>(key.data()), nullptr) != 1) {
    return absl::InternalError("AES key setup failed");
  }
  EVP_CIPHER_CTX_set_padding(cipher->ctx, 0);
  return Ff1(std::move(cipher), radix);
}

Ff1::Ff1(std::unique_ptr<Cipher> cipher, uint32_t radix)
    : cipher_(std::move(cipher)), radix_(radix), min_length_(1) {
  // The smallest length whose domain has at least a million members.
  uint64_t domain = radix;
  while (domain < 1'000'000) {
    domain *= radix;
    ++min_length_;
  }
}

Ff1::Ff1(Ff1&&) noexcept = default;
Ff1& Ff1::operator=(Ff1&&) noexcept = default;
Ff1::~Ff1() = default;

absl::StatusOr<Numerals> Ff1::Encrypt(const std::string& tweak, const Numerals& x) const {
  return Run(tweak, x, true);
}

absl::StatusOr<Numerals> Ff1::Decrypt(const std::string& tweak, const Numerals& x) const {
  return Run(tweak, x, false);
}

absl::StatusOr<Numerals> Ff1::Run(const std::string& tweak, const Numerals& x, bool encrypt) const {
  const size_t n = x.size();
  if (n < min_length_ || n > 0xffffffffu) {
    return absl::InvalidArgumentError(absl::StrCat("an FF1 message in radix ", radix_,
                                                   " has at least ", min_length_, " numerals"));
  }
  for (uint32_t digit : x) {
    if (digit >= radix_) return absl::InvalidArgumentError("a numeral is not below the radix");
  }
  BnCtx ctx(BN_CTX_new());
  const size_t u = n / 2, v = n - u;
  Numerals a(x.begin(), x.begin() + u), b(x.begin() + u, x.end());
  // b = ceil(ceil(v * log2(radix)) / 8): the bytes of radix^v - 1.
  Bn top = Power(radix_, v, ctx.get());
  BN_sub_word(top.get(), 1);
  const size_t b_bytes = (BN_num_bits(top.get()) + 7) / 8;
  const size_t d = 4 * ((b_bytes + 3) / 4) + 4;
  const size_t t = tweak.size();

  std::string p = {1, 2, 1};
  PutBigEndian(p, radix_, 3);
  p.push_back(10);
  p.push_back(static_cast<char>(u % 256));
  PutBigEndian(p, n, 4);
  PutBigEndian(p, t, 4);

  Bn mod_u = Power(radix_, u, ctx.get()), mod_v = Power(radix_, v, ctx.get());
  for (int step = 0; step < 10; ++step) {
    int i = encrypt ? step : 9 - step;
    // The half that feeds the round function: B when encrypting, A when decrypting.
    const Numerals& feed = encrypt ? b : a;
    std::string q = tweak;
    q.append((16 - (t + b_bytes + 1) % 16) % 16, '\0');
    q.push_back(static_cast<char>(i));
    Bn num = NumRadix(feed, 0, feed.size(), radix_);
    std::string num_bytes(b_bytes, '\0');
    BN_bn2binpad(num.get(), reinterpret_cast<unsigned char*>(num_bytes.data()),
                 static_cast<int>(b_bytes));
    q += num_bytes;
    Block r = cipher_->Prf(p + q);
    std::string s(reinterpret_cast<const char*>(r.data()), 16);
    for (size_t j = 1; s.size() < d; ++j) {
      Block rj = r;
      for (int k = 0; k < 8; ++k) rj[15 - k] ^= static_cast<uint8_t>((j >> (8 * k)) & 0xff);
      Block e = cipher_->Encrypt(rj);
      s.append(reinterpret_cast<const char*>(e.data()), 16);
    }
    s.resize(d);
    Bn y(BN_bin2bn(reinterpret_cast<const unsigned char*>(s.data()), static_cast<int>(d), nullptr));
    const bool even = i % 2 == 0;
    const size_t m = even ? u : v;
    const BIGNUM* modulus = even ? mod_u.get() : mod_v.get();
    Bn c = NewBn();
    if (encrypt) {
      Bn num_a = NumRadix(a, 0, a.size(), radix_);
      BN_mod_add(c.get(), num_a.get(), y.get(), modulus, ctx.get());
      Numerals next = StrRadix(c.get(), m, radix_);
      a = std::move(b);
      b = std::move(next);
    } else {
      Bn num_b = NumRadix(b, 0, b.size(), radix_);
      BN_mod_sub(c.get(), num_b.get(), y.get(), modulus, ctx.get());
      Numerals next = StrRadix(c.get(), m, radix_);
      b = std::move(a);
      a = std::move(next);
    }
  }
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

absl::StatusOr<Numerals> ParseNumerals(const std::string& text, uint32_t radix) {
  Numerals out;
  for (char c : text) {
    uint32_t d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'z' ? c - 'a' + 10 : 99;
    if (d >= radix) return absl::InvalidArgumentError(absl::StrCat("'", std::string(1, c),
                                                                   "' is not a radix-", radix,
                                                                   " numeral"));
    out.push_back(d);
  }
  return out;
}

std::string FormatNumerals(const Numerals& x) {
  std::string out;
  for (uint32_t d : x) out.push_back(static_cast<char>(d < 10 ? '0' + d : 'a' + d - 10));
  return out;
}

}  // namespace keyway::algopin
