import Testing

@testable import GateBench

struct SuiteTests {
    var suite: Suite {
        var suite = Suite()
        suite.add(Benchmark("multi_tenancy", "user_team_ids") {})
        suite.add(Benchmark("multi_tenancy", "scope_filtering_single_team") {})
        suite.add(Benchmark("cache", "get_or_set_hit") {})
        return suite
    }

    @Test func groupsAreSortedAndUnique() {
        #expect(suite.groups == ["cache", "multi_tenancy"])
    }

    @Test func selectsByGroupAndFilter() throws {
        #expect(try suite.select(groups: [], filter: nil).count == 3)
        #expect(try suite.select(groups: ["cache"], filter: nil).map(\.id.name) == ["get_or_set_hit"])
        #expect(try suite.select(groups: [], filter: "scope").map(\.id.name) == ["scope_filtering_single_team"])
        #expect(try suite.select(groups: [], filter: "^multi_tenancy/user").map(\.id.name) == ["user_team_ids"])
    }

    @Test func unknownGroupListsTheValidOnesAndSuggests() {
        #expect(throws: SelectionError.unknownGroup("multitenancy", known: ["cache", "multi_tenancy"])) {
            try suite.select(groups: ["multitenancy"], filter: nil)
        }
        let message = SelectionError.unknownGroup("multitenancy", known: ["cache", "multi_tenancy"]).description
        #expect(message == "unknown group 'multitenancy'; groups: cache, multi_tenancy. Did you mean 'multi_tenancy'?")
    }

    @Test func aFilterMatchingNothingListsTheCandidates() {
        #expect(throws: SelectionError.noMatch("nothing", candidates: ["cache/get_or_set_hit"])) {
            try suite.select(groups: ["cache"], filter: "nothing")
        }
    }

    @Test func aBadPatternIsAClearError() {
        #expect(throws: SelectionError.self) { try suite.select(groups: [], filter: "([") }
    }

    @Test func editDistance() {
        #expect(GateBench.editDistance("kitten", "sitting") == 3)
        #expect(GateBench.editDistance("", "abc") == 3)
        #expect(closestMatch(to: "hartbeat", in: ["heartbeat", "cache"]) == "heartbeat")
        #expect(closestMatch(to: "zzz", in: ["heartbeat", "cache"]) == nil)
    }
}
