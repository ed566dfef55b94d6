export interface Config {
  app: {
    signIn?: {
      /**
       * Sign-in providers offered on the sign-in page: 'guest' (local development only) or 'github'.
       * @visibility frontend
       */
      providers?: Array<'guest' | 'github'>;
    };
  };
}
