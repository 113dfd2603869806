#pragma once
// Fixture for the layering self-test (tests/layering): an io-layer header.
