#include <gtest/gtest.h>

#include "core/util/result.h"

TEST(Result, HoldsValueOrError) {
  esisim::Result<int> good = 3;
  esisim::Result<int> bad = esisim::Error{2, "bad"};
  EXPECT_TRUE(good.ok());
  EXPECT_EQ(*good, 3);
  EXPECT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message, "bad");
}
