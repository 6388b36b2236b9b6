pytest_plugins = ["tests.postgres", "tests.subiekt_fixtures", "tests.office", "tests.disk"]
