export interface Config {
  conway?: {
    github?: {
      /** GitHub organisation that golden paths publish into. Default `northwind`. */
      org?: string;
    };
  };
}
