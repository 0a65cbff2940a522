#include "password.h"

#include <argon2.h>
#include <crack.h>

#include <array>
#include <stdexcept>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "keyway/core/random.h"

namespace keyway::identity {
namespace {

// Passwords at the top of every leaked-password list, and the fragments they
// are made of; cracklib catches dictionary words, not these.
constexpr std::array<const char*, 24> kCommonFragments = {
    "password", "passw0rd", "p@ssword", "letmein", "qwerty", "azerty", "asdfgh", "zxcvbn",
    "123456",   "654321",   "abc123",   "111111",  "iloveyou", "welcome", "admin", "login",
    "monkey",   "dragon",   "sunshine", "princess", "football", "baseball", "master", "changeme"};

bool HasEnoughDistinctCharacters(const std::string& p) {
  std::string seen;
  for (char c : p) {
    if (seen.find(c) == std::string::npos) seen.push_back(c);
  }
  return seen.size() >= 5;
}

}  // namespace

absl::Status CheckPasswordPolicy(const std::string& password, const std::string& email,
                                 const std::string& name) {
  if (password.size() < kMinPasswordLength) {
    return absl::InvalidArgumentError(
        absl::StrCat("password must have at least ", kMinPasswordLength, " characters"));
  }
  if (password.size() > kMaxPasswordLength) {
    return absl::InvalidArgumentError(
        absl::StrCat("password must have at most ", kMaxPasswordLength, " characters"));
  }
  std::string lower = absl::AsciiStrToLower(password);
  for (const char* fragment : kCommonFragments) {
    if (absl::StrContains(lower, fragment)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "password contains '", fragment, "', which is among the most guessed passwords"));
    }
  }
  if (!HasEnoughDistinctCharacters(password)) {
    return absl::InvalidArgumentError("password must use at least 5 different characters");
  }
  std::string local = absl::AsciiStrToLower(email.substr(0, email.find('@')));
  if (local.size() >= 4 && absl::StrContains(lower, local)) {
    return absl::InvalidArgumentError("password must not contain your email address");
  }
  for (absl::string_view word : absl::StrSplit(absl::AsciiStrToLower(name), ' ')) {
    if (word.size() >= 4 && absl::StrContains(lower, word)) {
      return absl::InvalidArgumentError("password must not contain your name");
    }
  }
  if (const char* why = FascistCheck(password.c_str(), GetDefaultCracklibDict())) {
    return absl::InvalidArgumentError(absl::StrCat("password is too easy to guess: ", why));
  }
  return absl::OkStatus();
}

std::string HashPassword(const std::string& password, const PasswordHashParams& p) {
  std::string salt = core::RandomBytes(16);
  constexpr size_t kHashLength = 32;
  size_t encoded_len = argon2_encodedlen(p.iterations, p.memory_kib, p.parallelism,
                                         salt.size(), kHashLength, Argon2_id);
  std::string encoded(encoded_len, '\0');
  int rc = argon2id_hash_encoded(p.iterations, p.memory_kib, p.parallelism, password.data(),
                                 password.size(), salt.data(), salt.size(), kHashLength,
                                 encoded.data(), encoded.size());
  if (rc != ARGON2_OK) throw std::runtime_error(argon2_error_message(rc));
  encoded.resize(encoded.find('\0'));
  return encoded;
}

bool VerifyPassword(const std::string& password, const std::string& encoded_hash) {
  return argon2id_verify(encoded_hash.c_str(), password.data(), password.size()) == ARGON2_OK;
}

}  // namespace keyway::identity
