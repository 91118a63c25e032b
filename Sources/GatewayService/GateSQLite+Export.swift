/// The SQLite wrapper is its own module (the history store uses it too); the service's users get it with the service.
@_exported import GateSQLite
