import Testing

@testable import GatePostgres

struct PostgresURLTests {
    @Test(arguments: [
        ("postgres://gatebench:s3cret@127.0.0.1:54329/gatebench", "postgres://gatebench:***@127.0.0.1:54329/gatebench"),
        ("postgresql://u:p%40ss@db.example:5432/x?sslmode=require", "postgresql://u:***@db.example:5432/x?sslmode=require"),
        ("postgres://u@host/db?password=s3cret&sslmode=disable", "postgres://u@host/db?password=***&sslmode=disable"),
        ("postgres://host/db", "postgres://host/db"),
    ])
    func theRedactedFormHasNoPassword(url: String, redacted: String) throws {
        let parsed = try #require(PostgresURL(url))
        #expect(parsed.redacted == redacted)
        #expect(!parsed.description.contains("s3cret") && !parsed.description.contains("p%40ss"))
    }

    @Test func otherSchemesAreRefused() {
        #expect(PostgresURL("mysql://u:p@h/db") == nil)
        #expect(PostgresURL("127.0.0.1:5432") == nil)
    }

    @Test func anUnreachableServerIsAConnectionErrorWithoutThePassword() throws {
        // Port 1 on loopback: nothing listens there.
        let url = try #require(PostgresURL("postgres://gatebench:s3cret@127.0.0.1:1/gatebench?connect_timeout=2"))
        let error = #expect(throws: PostgresError.self) { try PostgresConnection(url: url) }
        #expect(error?.kind == .connection)
        #expect(error?.description.contains("127.0.0.1:1") == true)
        #expect(error?.description.contains("s3cret") == false)
    }
}
