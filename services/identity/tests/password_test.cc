#include <catch2/catch.hpp>

#include "password.h"

using namespace keyway::identity;

TEST_CASE("a good password passes the policy") {
  CHECK(CheckPasswordPolicy("correct horse battery staple", "alice@example.com", "Alice Smith").ok());
  CHECK(CheckPasswordPolicy("Xk9#mP2$vLq", "alice@example.com", "Alice Smith").ok());
}

TEST_CASE("short, long, common and personal passwords are refused, saying why") {
  auto why = [](const std::string& p) {
    auto s = CheckPasswordPolicy(p, "alice.smith@example.com", "Alice Smith");
    CHECK(s.code() == absl::StatusCode::kInvalidArgument);
    return std::string(s.message());
  };
  CHECK(why("Ab1!xyz") == "password must have at least 10 characters");
  CHECK(why(std::string(257, 'x')) == "password must have at most 256 characters");
  CHECK(why("Password123!").find("most guessed") != std::string::npos);
  CHECK(why("letmein12345").find("most guessed") != std::string::npos);
  CHECK(why("aaaaaaaaaaaa") == "password must use at least 5 different characters");
  CHECK(why("alice.smith-2026!") == "password must not contain your email address");
  CHECK(why("Smith#Family99") == "password must not contain your name");
  CHECK(why("elephantine").find("too easy to guess") != std::string::npos);  // cracklib
}

TEST_CASE("Argon2id hashes verify the right password only and are salted") {
  PasswordHashParams fast{.memory_kib = 1024, .iterations = 1, .parallelism = 1};
  std::string h1 = HashPassword("correct horse battery staple", fast);
  std::string h2 = HashPassword("correct horse battery staple", fast);
  CHECK(h1.rfind("$argon2id$", 0) == 0);
  CHECK(h1 != h2);
  CHECK(VerifyPassword("correct horse battery staple", h1));
  CHECK_FALSE(VerifyPassword("correct horse battery stapler", h1));
  CHECK_FALSE(VerifyPassword("anything", "not a hash"));
}
