import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// Pages load lazily; on a loaded 2-core CI machine that can take longer than the 1 s default.
configure({ asyncUtilTimeout: 10_000 });
