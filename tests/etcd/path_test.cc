#include "core/etcd/path.h"

#include <gtest/gtest.h>

namespace esisim::etcd {
namespace {

TEST(CleanKey, MatchesGoPathCleanOfJoinWithRoot) {
  EXPECT_EQ(clean_key(""), "/");
  EXPECT_EQ(clean_key("/"), "/");
  EXPECT_EQ(clean_key("a"), "/a");
  EXPECT_EQ(clean_key("/a/"), "/a");
  EXPECT_EQ(clean_key("//a//b"), "/a/b");
  EXPECT_EQ(clean_key("/a/./b"), "/a/b");
  EXPECT_EQ(clean_key("/a/../b"), "/b");
  EXPECT_EQ(clean_key("/.."), "/");
  EXPECT_EQ(clean_key("/../../a"), "/a");
  EXPECT_EQ(clean_key("/a/b/.."), "/a");
  EXPECT_EQ(clean_key("/config/v2.0/ports/3a04e6ed"), "/config/v2.0/ports/3a04e6ed");
}

TEST(CleanKey, KeepsCleanKeysAndCleansAlmostCleanOnes) {
  EXPECT_EQ(clean_key("/a"), "/a");
  EXPECT_EQ(clean_key("/.a/b..c/..."), "/.a/b..c/...");
  EXPECT_EQ(clean_key("/a/."), "/a");
  EXPECT_EQ(clean_key("/a/.."), "/");
  EXPECT_EQ(clean_key("/."), "/");
  EXPECT_EQ(clean_key("/a//"), "/a");
  EXPECT_EQ(clean_key("a/b"), "/a/b");
}

TEST(SplitKey, GivesSegments) {
  EXPECT_TRUE(split_key("/").empty());
  auto parts = split_key("/jobs/all/x:y");
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(parts[0], "jobs");
  EXPECT_EQ(parts[2], "x:y");
}

TEST(IsHiddenBelow, LooksOnlyBelowTheWatchPath) {
  EXPECT_TRUE(is_hidden_below("/", "/_hidden"));
  EXPECT_TRUE(is_hidden_below("/a", "/a/_b/c"));
  EXPECT_FALSE(is_hidden_below("/_a", "/_a/b"));
  EXPECT_FALSE(is_hidden_below("/a/b/c", "/a"));
  EXPECT_FALSE(is_hidden_below("/a", "/a/b"));
}

}  // namespace
}  // namespace esisim::etcd
