"""`assistant mcp`: the index as an MCP server (stdio) for other local tools."""
