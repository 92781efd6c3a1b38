// SharedText: absent differs from empty, copies share the bytes, the bytes outlive the original,
// and it reads like a std::optional<std::string>.
#include "core/etcd/shared_text.h"

#include <gtest/gtest.h>

#include <optional>
#include <sstream>
#include <string>
#include <utility>

namespace esisim::etcd {
namespace {

TEST(SharedText, AbsentIsNotEmpty) {
  SharedText absent;
  EXPECT_FALSE(absent.has_value());
  EXPECT_EQ(absent.view(), "");
  EXPECT_EQ(absent.to_optional(), std::nullopt);
  SharedText empty{""};
  EXPECT_TRUE(empty.has_value());
  EXPECT_EQ(empty.to_optional(), std::optional<std::string>(""));
}

TEST(SharedText, CopiesShareTheBytesWhichOutliveTheOriginal) {
  std::string source(1024, 'x');
  SharedText copy;
  {
    SharedText original{source};
    copy = original;
    EXPECT_EQ(copy.view().data(), original.view().data());
    SharedText moved = std::move(original);
    EXPECT_FALSE(original.has_value());  // NOLINT(bugprone-use-after-move): moved-from is absent
    EXPECT_EQ(moved.view().data(), copy.view().data());
  }
  source.assign(1024, 'y');
  EXPECT_EQ(copy.view(), std::string(1024, 'x'));
  copy = copy;  // self-assignment keeps the text
  EXPECT_EQ(copy.view().size(), 1024u);
  copy = SharedText();
  EXPECT_FALSE(copy.has_value());
}

TEST(SharedText, ReadsLikeAnOptionalString) {
  SharedText absent;
  SharedText text{"abc"};
  EXPECT_FALSE(static_cast<bool>(absent));
  EXPECT_TRUE(static_cast<bool>(text));
  EXPECT_EQ(*text, "abc");
  EXPECT_EQ(text->size(), 3u);
  EXPECT_EQ(text->find('c'), 2u);
  EXPECT_EQ(absent.value_or("none"), "none");
  EXPECT_EQ(text.value_or("none"), "abc");
  EXPECT_TRUE(text == "abc");
  EXPECT_FALSE(absent == "");  // absent is not empty
  EXPECT_TRUE(absent == std::nullopt);
  EXPECT_FALSE(text == std::nullopt);
  EXPECT_TRUE(text == SharedText("abc"));
  EXPECT_FALSE(absent == SharedText(""));
  EXPECT_TRUE(absent == SharedText());
  text.emplace("xy");
  EXPECT_EQ(text, "xy");
  std::string source = "from a string";
  text = source;
  source.clear();
  EXPECT_EQ(text, "from a string");
  text.reset();
  EXPECT_FALSE(text.has_value());
  std::ostringstream printed;
  printed << SharedText("p") << " " << absent;
  EXPECT_EQ(printed.str(), "\"p\" (absent)");
}

}  // namespace
}  // namespace esisim::etcd
