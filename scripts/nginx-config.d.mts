export declare const templatePath: string;
/** deploy/nginx.conf filled in for a prefix folder, a loopback port and round-robin upstreams. */
export declare function nginxConfig(options: { prefix: string; port: number | string; upstreams: string[] }): string;
