// SharedText: absent differs from empty, copies share the bytes, the bytes outlive the original.
#include "core/etcd/shared_text.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace esisim::etcd
