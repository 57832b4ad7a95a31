// Language server entry point; the server itself is added in src/server/.
export {};
