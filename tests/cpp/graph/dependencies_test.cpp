#include "tieuchi/graph/dependencies.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace tieuchi::graph {
namespace {

class DependencyGraphTest : public ::testing::Test {
 protected:
  DependencyGraph g;
  NodeIndex field = g.add_node(NodeKind::field, "roads");
  NodeIndex ind = g.add_node(NodeKind::indicator, "2.1", "Commune roads");
  NodeIndex crit = g.add_node(NodeKind::criterion, "TC2");
  NodeIndex level = g.add_node(NodeKind::level, "ntm");
  void SetUp() override {
    g.add_edge(field, ind, EdgeKind::reads);
    g.add_edge(ind, crit, EdgeKind::member);
    g.add_edge(crit, level, EdgeKind::member);
  }
  std::vector<std::string> ids(const std::vector<NodeIndex>& v) {
    std::vector<std::string> out;
    for (auto n : v) out.push_back(g.node(n).id);
    return out;
  }
};

TEST_F(DependencyGraphTest, AddNodeReturnsTheExistingNodeOfTheSameKindAndId) {
  EXPECT_EQ(g.add_node(NodeKind::indicator, "2.1"), ind);
  EXPECT_NE(g.add_node(NodeKind::criterion, "2.1"), ind);
  EXPECT_EQ(g.find(NodeKind::indicator, "2.1"), ind);
  EXPECT_EQ(g.find("TC2"), crit);
  EXPECT_FALSE(g.find("nope").has_value());
}

TEST_F(DependencyGraphTest, TransitiveQueriesFollowEdgeDirection) {
  EXPECT_EQ(ids(g.dependents(field)), (std::vector<std::string>{"2.1", "TC2", "ntm"}));
  EXPECT_EQ(ids(g.dependencies(level)), (std::vector<std::string>{"roads", "2.1", "TC2"}));
  EXPECT_EQ(ids(g.direct_dependencies(crit)), (std::vector<std::string>{"2.1"}));
  EXPECT_TRUE(g.dependents(level).empty());
}

TEST_F(DependencyGraphTest, TopologicalOrderPutsDependenciesFirst) {
  auto order = g.topological_order();
  auto pos = [&](NodeIndex n) { return std::find(order.begin(), order.end(), n) - order.begin(); };
  EXPECT_LT(pos(field), pos(ind));
  EXPECT_LT(pos(ind), pos(crit));
  EXPECT_LT(pos(crit), pos(level));
  EXPECT_TRUE(g.cycles().empty());
}

TEST_F(DependencyGraphTest, CycleIsReportedWithItsPath) {
  NodeIndex five = g.add_node(NodeKind::indicator, "5");
  g.add_edge(ind, five, EdgeKind::reads);
  g.add_edge(five, ind, EdgeKind::reads);
  auto cycles = g.cycles();
  ASSERT_EQ(cycles.size(), 1u);
  EXPECT_EQ(g.format(cycles[0]), "2.1 -> 5 -> 2.1");
  ASSERT_EQ(cycles[0].edges.size(), 2u);
  EXPECT_EQ(g.edge(cycles[0].edges[0]).from, ind);
  EXPECT_EQ(g.edge(cycles[0].edges[1]).from, five);
  EXPECT_THROW(g.topological_order(), std::logic_error);
}

TEST_F(DependencyGraphTest, ShortestCycleIsChosenAndSelfLoopsCount) {
  NodeIndex a = g.add_node(NodeKind::indicator, "a");
  NodeIndex b = g.add_node(NodeKind::indicator, "b");
  NodeIndex c = g.add_node(NodeKind::indicator, "c");
  g.add_edge(a, b, EdgeKind::reads);
  g.add_edge(b, c, EdgeKind::reads);
  g.add_edge(c, a, EdgeKind::reads);
  g.add_edge(b, a, EdgeKind::prerequisite);
  NodeIndex self = g.add_node(NodeKind::table, "t");
  g.add_edge(self, self, EdgeKind::reads);
  auto cycles = g.cycles();
  ASSERT_EQ(cycles.size(), 2u);
  std::vector<std::string> shown;
  for (const auto& cy : cycles) shown.push_back(g.format(cy));
  std::sort(shown.begin(), shown.end());
  EXPECT_EQ(shown[0], "a -> b -> a");
  EXPECT_EQ(shown[1], "t -> t");
}

TEST_F(DependencyGraphTest, CopiesAreIndependentAndKeepEdgeIndices) {
  DependencyGraph copy = g;
  NodeIndex extra = copy.add_node(NodeKind::field, "schools");
  copy.add_edge(extra, crit, EdgeKind::reads);
  EXPECT_EQ(copy.edge_count(), g.edge_count() + 1);
  EXPECT_EQ(ids(copy.dependents(extra)), (std::vector<std::string>{"TC2", "ntm"}));
  EXPECT_EQ(copy.edge(0).to, g.edge(0).to);
}

TEST_F(DependencyGraphTest, DotHasEveryNodeAndEdge) {
  g.add_edge(level, g.add_node(NodeKind::level, "ntm_nang_cao"), EdgeKind::requires_level);
  std::string dot = g.to_dot("vn \"test\"");
  EXPECT_NE(dot.find("digraph \"vn \\\"test\\\"\""), std::string::npos);
  EXPECT_NE(dot.find("2.1\\nCommune roads"), std::string::npos);
  EXPECT_NE(dot.find("n0 -> n1;"), std::string::npos);
  EXPECT_NE(dot.find("[label=\"requires\",style=dashed]"), std::string::npos);
  EXPECT_EQ(std::count(dot.begin(), dot.end(), '\n'), 3 + 5 + 4 + 1);
}

}  // namespace
}  // namespace tieuchi::graph
