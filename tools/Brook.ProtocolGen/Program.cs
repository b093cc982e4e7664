// Placeholder entry point; the generator lands with the message definitions.
return 0;
