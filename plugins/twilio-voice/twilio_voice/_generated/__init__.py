"""Generated resource declarations (see tools/twiliogen). Do not edit."""
