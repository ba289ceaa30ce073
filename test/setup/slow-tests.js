jest.setTimeout(120_000); // real databases, brokers and processes: seconds, not milliseconds
