import Testing

@testable import GatewayService

struct WaveTests {
    @Test(arguments: Wave.allCases)
    func teamsAreAboutFiveTimesTheUsers(wave: Wave) {
        let size = wave.size
        #expect(size.teams == size.users * 5)
        #expect(size.maxUsersPerTeam <= size.users)
        #expect(size.powerUserTeams <= size.teams - size.users)
    }

    @Test func enterpriseIsTheContract() {
        let size = Wave.enterprise.size
        #expect(size.users == 1_000_000)
        #expect(size.teams == 5_000_000)
        #expect(size.tools == 50_000)
        #expect(size.powerUserTeams == 1_000)
        #expect(Wave.tiny.size.powerUserTeams == 100)
    }
}
